# Likely duplicates of contacts, accounts and leads: the review queue and the check
# before saving a new record.
nav-duplicates = Duplicados
dup-title = Posibles duplicados
dup-kinds = Tipos de registro
dup-intro = Pares de registros que parecen uno solo, los más probables primero. Abra ambos para compararlos; un par marcado como «No es un duplicado» no se vuelve a sugerir.
dup-none = No hay posibles duplicados aquí.
dup-next = Más pares
dup-confidence = { $percent } % probable
dup-dismiss = No es un duplicado
dup-dismiss-label = { $pair }: no es un duplicado
dup-looks-like = Esto se parece a un registro que ya existe:
dup-save-anyway = Puede guardarlo igualmente si se trata de otra persona.
dup-error-kind = Los duplicados solo se buscan entre contactos, cuentas y leads.
dup-reason-same-email = mismo correo electrónico
dup-reason-same-mailbox = mismo nombre de buzón en otro dominio
dup-reason-same-phone = mismo teléfono
dup-reason-same-domain = mismo dominio web
dup-reason-same-tax-number = mismo número fiscal
dup-reason-same-name = mismo nombre
dup-reason-swapped-name = nombre y apellido invertidos
dup-reason-nickname = diminutivo
dup-reason-similar-name = nombre parecido
dup-reason-same-company = misma empresa
field-not-duplicate-of = No es duplicado de
