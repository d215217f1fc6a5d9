<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Wording</name>
    <message>
        <source>Inbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In attendance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Website widget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WhatsApp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Traditional WhatsApp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gupshup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WhatsApp Cloud API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Triage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for an attendant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requester name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Department</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Responsible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attendant group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This chat belongs to a department you do not attend.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are Offline: go Online to assume chats.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This chat is closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another attendant is responsible for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are already responsible for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the attendant responsible for this chat can do this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody has assumed this chat yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More than 24 hours since the customer&apos;s last message: WhatsApp only accepts an approved template.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You can only transfer to your own departments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your session has expired: sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service&apos;s certificate is not trusted, so the connection was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service cannot be reached. Check the address and the network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket #%1 was created, but linking it to the chat failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This chat is no longer available to you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service refused it: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service could not do it now. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most %1 files per message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is %2; the limit for this kind of file is %3.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
