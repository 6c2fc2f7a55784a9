contacts-title = Contacts
contacts-new = New contact
contacts-edit = Edit { $name }
contacts-empty-title = No contacts yet
contacts-empty-body = Contacts are the people you talk to. Add one here or from an account's page.
