//! Contacts: list, read and save.

record_api! {
    Contact in contacts: ContactRow, Contact, ContactInput;
    list_contacts = "list_contacts", get_contact = "get_contact", save_contact = "save_contact";
}
