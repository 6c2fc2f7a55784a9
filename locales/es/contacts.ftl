contacts-title = Contactos
contacts-new = Nuevo contacto
contacts-edit = Editar { $name }
contacts-empty-title = Aún no hay contactos
contacts-empty-body = Los contactos son las personas con las que hablas. Añade uno aquí o desde la página de una cuenta.
