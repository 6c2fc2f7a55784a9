# Likely duplicates of contacts, accounts and leads: the review queue and the check
# before saving a new record.
nav-duplicates = Дублікати
dup-title = Ймовірні дублікати
dup-kinds = Види записів
dup-intro = Пари записів, схожих на один, спершу найімовірніші. Відкрийте обидва, щоб порівняти; пару, позначену «Не дублікат», більше ніколи не буде запропоновано.
dup-none = Ймовірних дублікатів немає.
dup-next = Більше пар
dup-confidence = ймовірність { $percent } %
dup-dismiss = Не дублікат
dup-dismiss-label = { $pair }: не дублікат
dup-looks-like = Схоже на запис, який уже існує:
dup-save-anyway = Якщо це інша людина, запис усе одно можна зберегти.
dup-error-kind = Дублікати шукаються лише серед контактів, компаній і лідів.
dup-reason-same-email = та сама електронна адреса
dup-reason-same-mailbox = та сама назва скриньки в іншому домені
dup-reason-same-phone = той самий номер телефону
dup-reason-same-domain = той самий вебдомен
dup-reason-same-tax-number = той самий податковий номер
dup-reason-same-name = те саме ім’я
dup-reason-swapped-name = ім’я та прізвище навпаки
dup-reason-nickname = зменшувальне ім’я
dup-reason-similar-name = схоже ім’я
dup-reason-same-company = та сама компанія
field-not-duplicate-of = Не дублікат запису
