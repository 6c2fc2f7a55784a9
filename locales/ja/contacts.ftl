contacts-title = 連絡先
contacts-new = 新規連絡先
contacts-edit = { $name } を編集
contacts-empty-title = 連絡先はまだありません
contacts-empty-body = 連絡先は、やり取りする相手の人です。ここで追加するか、取引先のページから追加してください。
