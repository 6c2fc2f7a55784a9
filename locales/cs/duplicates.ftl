# Likely duplicates of contacts, accounts and leads: the review queue and the check
# before saving a new record.
nav-duplicates = Duplicity
dup-title = Pravděpodobné duplicity
dup-kinds = Druhy záznamů
dup-intro = Dvojice záznamů, které vypadají jako jeden, nejpravděpodobnější nahoře. Otevřete oba a porovnejte je; dvojice označená „Není duplicita“ už nebude nikdy navržena.
dup-none = Žádné pravděpodobné duplicity.
dup-next = Další dvojice
dup-confidence = pravděpodobnost { $percent } %
dup-dismiss = Není duplicita
dup-dismiss-label = { $pair }: není duplicita
dup-looks-like = Vypadá to jako záznam, který už existuje:
dup-save-anyway = Pokud jde o někoho jiného, můžete záznam přesto uložit.
dup-error-kind = Duplicity se hledají jen mezi kontakty, firmami a leady.
dup-reason-same-email = stejná e-mailová adresa
dup-reason-same-mailbox = stejný název schránky v jiné doméně
dup-reason-same-phone = stejné telefonní číslo
dup-reason-same-domain = stejná webová doména
dup-reason-same-tax-number = stejné DIČ
dup-reason-same-name = stejné jméno
dup-reason-swapped-name = prohozené jméno a příjmení
dup-reason-nickname = domácká podoba jména
dup-reason-similar-name = podobné jméno
dup-reason-same-company = stejná firma
field-not-duplicate-of = Není duplicitou záznamu
