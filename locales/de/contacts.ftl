contacts-title = Kontakte
contacts-new = Neuer Kontakt
contacts-edit = { $name } bearbeiten
contacts-empty-title = Noch keine Kontakte
contacts-empty-body = Kontakte sind die Personen, mit denen Sie sprechen. Legen Sie hier einen an oder auf der Seite eines Accounts.
