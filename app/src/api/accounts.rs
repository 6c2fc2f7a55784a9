//! Accounts: list, read and save.

record_api! {
    Account in accounts: AccountRow, Account, AccountInput;
    list_accounts = "list_accounts", get_account = "get_account", save_account = "save_account";
}
