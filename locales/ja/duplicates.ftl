# Likely duplicates of contacts, accounts and leads: the review queue and the check
# before saving a new record.
nav-duplicates = 重複
dup-title = 重複の可能性
dup-kinds = レコードの種類
dup-intro = 同一と思われるレコードの組を、可能性の高い順に表示します。両方を開いて比較してください。「重複ではない」とした組は二度と提案されません。
dup-none = 重複の可能性はありません。
dup-next = さらに表示
dup-confidence = 可能性 { $percent }%
dup-dismiss = 重複ではない
dup-dismiss-label = { $pair }：重複ではない
dup-looks-like = 既存のレコードと似ています：
dup-save-anyway = 別人であれば、このまま保存できます。
dup-error-kind = 重複は取引先担当者、取引先、リードの中でのみ検索されます。
dup-reason-same-email = 同じメールアドレス
dup-reason-same-mailbox = 別ドメインの同じメールボックス名
dup-reason-same-phone = 同じ電話番号
dup-reason-same-domain = 同じウェブドメイン
dup-reason-same-tax-number = 同じ税番号
dup-reason-same-name = 同じ名前
dup-reason-swapped-name = 姓名が逆
dup-reason-nickname = 愛称
dup-reason-similar-name = 似た名前
dup-reason-same-company = 同じ会社
field-not-duplicate-of = 重複ではない相手
