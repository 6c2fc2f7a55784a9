contacts-title = Contacts
contacts-new = Nouveau contact
contacts-edit = Modifier { $name }
contacts-empty-title = Aucun contact pour l’instant
contacts-empty-body = Les contacts sont les personnes avec qui vous échangez. Ajoutez-en un ici ou depuis la page d’un compte.
