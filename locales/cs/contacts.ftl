contacts-title = Kontakty
contacts-new = Nový kontakt
contacts-edit = Upravit { $name }
contacts-empty-title = Zatím žádné kontakty
contacts-empty-body = Kontakty jsou lidé, se kterými jednáte. Přidejte kontakt zde nebo na stránce firmy.
