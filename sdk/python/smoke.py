"""The Python client against a live server: create a contact, find it in a list, change one
field, delete it. NEXTCRM_URL and NEXTCRM_KEY name the server and a read-write key."""

import os
import sys
import time

from nextcrm_api_client import AuthenticatedClient
from nextcrm_api_client.api.contacts import (
    create_contact,
    delete_contact,
    get_contact,
    list_contacts,
    update_contact,
)
from nextcrm_api_client.models import ContactPatch


def fail(step, detail):
    print(f"smoke: {step} failed: {detail}", file=sys.stderr)
    sys.exit(1)


client = AuthenticatedClient(
    base_url=os.environ["NEXTCRM_URL"].rstrip("/") + "/api/v1",
    token=os.environ["NEXTCRM_KEY"],
)
last = f"Smoke {time.time_ns()}"
made = create_contact.sync_detailed(
    client=client,
    body=ContactPatch(first_name="Ada", last_name=last, email="ada@example.com"),
)
if made.status_code != 201:
    fail("create", made.content)
contact = made.parsed
page = list_contacts.sync(client=client, q=last, limit=10)
if page is None or not any(c.id == contact.id for c in page.data):
    fail("list", page)
changed = update_contact.sync(
    client=client, id=contact.id, body=ContactPatch(phone="+44 20 7946 0000")
)
if changed is None or changed.phone != "+44 20 7946 0000" or changed.email != "ada@example.com":
    fail("patch", changed)
gone = delete_contact.sync_detailed(client=client, id=contact.id)
if gone.status_code != 204:
    fail("delete", gone.content)
missing = get_contact.sync_detailed(client=client, id=contact.id)
if missing.status_code != 404:
    fail("read after delete", missing.content)
print("smoke: the Python client works")
