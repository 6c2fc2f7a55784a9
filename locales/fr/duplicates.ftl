# Likely duplicates of contacts, accounts and leads: the review queue and the check
# before saving a new record.
nav-duplicates = Doublons
dup-title = Doublons probables
dup-kinds = Types de fiches
dup-intro = Des paires de fiches qui semblent n'en faire qu'une, les plus probables d'abord. Ouvrez les deux pour comparer ; une paire marquée « Pas un doublon » n'est plus jamais proposée.
dup-none = Aucun doublon probable ici.
dup-next = Plus de paires
dup-confidence = probable à { $percent } %
dup-dismiss = Pas un doublon
dup-dismiss-label = { $pair } : pas un doublon
dup-looks-like = Cela ressemble à une fiche qui existe déjà :
dup-save-anyway = Vous pouvez tout de même enregistrer s'il s'agit de quelqu'un d'autre.
dup-error-kind = Les doublons ne sont recherchés que parmi les contacts, les comptes et les prospects.
dup-reason-same-email = même adresse e-mail
dup-reason-same-mailbox = même nom de boîte sur un autre domaine
dup-reason-same-phone = même numéro de téléphone
dup-reason-same-domain = même domaine web
dup-reason-same-tax-number = même numéro fiscal
dup-reason-same-name = même nom
dup-reason-swapped-name = prénom et nom inversés
dup-reason-nickname = diminutif
dup-reason-similar-name = nom proche
dup-reason-same-company = même société
field-not-duplicate-of = Pas un doublon de
