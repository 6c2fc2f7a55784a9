contacts-title = Контакти
contacts-new = Новий контакт
contacts-edit = Редагувати { $name }
contacts-empty-title = Контактів ще немає
contacts-empty-body = Контакти — це люди, з якими ви спілкуєтеся. Додайте контакт тут або на сторінці компанії.
