# Likely duplicates of contacts, accounts and leads: the review queue and the check
# before saving a new record.
nav-duplicates = Dubletten
dup-title = Wahrscheinliche Dubletten
dup-kinds = Arten von Datensätzen
dup-intro = Paare von Datensätzen, die wie einer aussehen, die wahrscheinlichsten zuerst. Öffnen Sie beide zum Vergleich; ein als „Keine Dublette“ markiertes Paar wird nie wieder vorgeschlagen.
dup-none = Hier gibt es keine wahrscheinlichen Dubletten.
dup-next = Weitere Paare
dup-confidence = { $percent } % wahrscheinlich
dup-dismiss = Keine Dublette
dup-dismiss-label = { $pair }: keine Dublette
dup-looks-like = Das sieht aus wie ein Datensatz, den es schon gibt:
dup-save-anyway = Sie können trotzdem speichern, wenn es jemand anderes ist.
dup-error-kind = Dubletten werden nur unter Kontakten, Firmen und Leads gesucht.
dup-reason-same-email = gleiche E-Mail-Adresse
dup-reason-same-mailbox = gleicher Postfachname bei anderer Domain
dup-reason-same-phone = gleiche Telefonnummer
dup-reason-same-domain = gleiche Webdomain
dup-reason-same-tax-number = gleiche Steuernummer
dup-reason-same-name = gleicher Name
dup-reason-swapped-name = Vor- und Nachname vertauscht
dup-reason-nickname = Kurzname
dup-reason-similar-name = ähnlicher Name
dup-reason-same-company = gleiche Firma
field-not-duplicate-of = Keine Dublette von
