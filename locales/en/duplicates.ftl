# Likely duplicates of contacts, accounts and leads: the review queue and the check
# before saving a new record.
nav-duplicates = Duplicates
dup-title = Likely duplicates
dup-kinds = Kinds of records
dup-intro = Pairs of records that look like one, most likely first. Open both to compare; a pair marked “Not a duplicate” is never suggested again.
dup-none = No likely duplicates here.
dup-next = More pairs
dup-confidence = { $percent } % likely
dup-dismiss = Not a duplicate
dup-dismiss-label = { $pair }: not a duplicate
dup-looks-like = This looks like a record that already exists:
dup-save-anyway = You can still save it if it is someone else.
dup-error-kind = Duplicates are looked for among contacts, accounts and leads only.
dup-reason-same-email = same e-mail address
dup-reason-same-mailbox = same mailbox name at another domain
dup-reason-same-phone = same phone number
dup-reason-same-domain = same web domain
dup-reason-same-tax-number = same tax number
dup-reason-same-name = same name
dup-reason-swapped-name = names the other way round
dup-reason-nickname = nickname
dup-reason-similar-name = similar name
dup-reason-same-company = same company
field-not-duplicate-of = Not a duplicate of
