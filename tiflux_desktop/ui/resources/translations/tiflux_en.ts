<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AddTicketDialog</name>
    <message>
        <source>Add ticket</source>
        <translation>Add ticket</translation>
    </message>
    <message>
        <source>Type to search clients</source>
        <translation>Type to search clients</translation>
    </message>
    <message>
        <source>Choose the service desk</source>
        <translation>Choose the service desk</translation>
    </message>
    <message>
        <source>The desk&apos;s default</source>
        <translation>The desk&apos;s default</translation>
    </message>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>No requester</source>
        <translation>No requester</translation>
    </message>
    <message>
        <source>Loading the conversation…</source>
        <translation>Loading the conversation…</translation>
    </message>
    <message>
        <source>C&amp;lient</source>
        <translation>C&amp;lient</translation>
    </message>
    <message>
        <source>Service &amp;desk</source>
        <translation>Service &amp;desk</translation>
    </message>
    <message>
        <source>&amp;Priority</source>
        <translation>&amp;Priority</translation>
    </message>
    <message>
        <source>Catalog &amp;item</source>
        <translation>Catalog &amp;item</translation>
    </message>
    <message>
        <source>Re&amp;quester</source>
        <translation>Re&amp;quester</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Title</translation>
    </message>
    <message>
        <source>Description: the chat&apos;s transcript</source>
        <translation>Description: the chat&apos;s transcript</translation>
    </message>
    <message>
        <source>Lin&amp;k again</source>
        <translation>Lin&amp;k again</translation>
    </message>
    <message>
        <source>&amp;Create ticket</source>
        <translation>&amp;Create ticket</translation>
    </message>
    <message>
        <source>Linking…</source>
        <translation>Linking…</translation>
    </message>
    <message>
        <source>Creating…</source>
        <translation>Creating…</translation>
    </message>
    <message>
        <source>Ticket #%1 is already linked to this chat.</source>
        <translation>Ticket #%1 is already linked to this chat.</translation>
    </message>
    <message>
        <source>Choose the client.</source>
        <translation>Choose the client.</translation>
    </message>
    <message>
        <source>Choose the service desk.</source>
        <translation>Choose the service desk.</translation>
    </message>
    <message>
        <source>Choose the requester from the client&apos;s contacts, or leave it empty.</source>
        <translation>Choose the requester from the client&apos;s contacts, or leave it empty.</translation>
    </message>
    <message>
        <source>Give the ticket a title.</source>
        <translation>Give the ticket a title.</translation>
    </message>
    <message>
        <source>Link again</source>
        <translation>Link again</translation>
    </message>
    <message>
        <source>Link ticket #%1 to the chat in Tiflux.</source>
        <translation>Link ticket #%1 to the chat in Tiflux.</translation>
    </message>
    <message>
        <source>The conversation could not be shown here (%1); the ticket will still carry it.</source>
        <translation>The conversation could not be shown here (%1); the ticket will still carry it.</translation>
    </message>
    <message>
        <source>The conversation is empty.</source>
        <translation>The conversation is empty.</translation>
    </message>
</context>
<context>
    <name>AttachmentTray</name>
    <message>
        <source>Attached files</source>
        <translation>Attached files</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>Remove %1</translation>
    </message>
</context>
<context>
    <name>ChatHeader</name>
    <message>
        <source>&amp;Assume</source>
        <translation>&amp;Assume</translation>
    </message>
    <message>
        <source>&amp;Transfer</source>
        <translation>&amp;Transfer</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>&amp;Finish</translation>
    </message>
    <message>
        <source>&amp;Leave</source>
        <translation>&amp;Leave</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <source>+ Add tic&amp;ket</source>
        <translation>+ Add tic&amp;ket</translation>
    </message>
    <message>
        <source>+ &amp;Information</source>
        <translation>+ &amp;Information</translation>
    </message>
    <message>
        <source>No name</source>
        <translation>No name</translation>
    </message>
    <message>
        <source>Ticket #%1 is linked to this chat.</source>
        <translation>Ticket #%1 is linked to this chat.</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>nobody</translation>
    </message>
    <message>
        <source>Chat origin: %1</source>
        <translation>Chat origin: %1</translation>
    </message>
    <message>
        <source>Responsible: %1</source>
        <translation>Responsible: %1</translation>
    </message>
    <message>
        <source>Department: %1</source>
        <translation>Department: %1</translation>
    </message>
    <message>
        <source>triage</source>
        <translation>triage</translation>
    </message>
    <message>
        <source>Ticket #%1</source>
        <translation>Ticket #%1</translation>
    </message>
    <message>
        <source>Started %1</source>
        <translation>Started %1</translation>
    </message>
</context>
<context>
    <name>ChatRowDelegate</name>
    <message numerus="yes">
        <source>Waiting %n min</source>
        <translation>
            <numerusform>Waiting %n min</numerusform>
            <numerusform>Waiting %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Waiting %n h</source>
        <translation>
            <numerusform>Waiting %n h</numerusform>
            <numerusform>Waiting %n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Waiting %n d</source>
        <translation>
            <numerusform>Waiting %n d</numerusform>
            <numerusform>Waiting %n d</numerusform>
        </translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>Unknown requester</source>
        <translation>Unknown requester</translation>
    </message>
    <message>
        <source>Client: %1</source>
        <translation>Client: %1</translation>
    </message>
    <message>
        <source>Department: %1</source>
        <translation>Department: %1</translation>
    </message>
    <message>
        <source>Responsible: %1</source>
        <translation>Responsible: %1</translation>
    </message>
    <message>
        <source>Channel: %1</source>
        <translation>Channel: %1</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <source>Started: %1</source>
        <translation>Started: %1</translation>
    </message>
    <message>
        <source>Ticket #%1: %2</source>
        <translation>Ticket #%1: %2</translation>
    </message>
    <message>
        <source>Rated %1 of %2</source>
        <translation>Rated %1 of %2</translation>
    </message>
    <message numerus="yes">
        <source>%n unread message(s)</source>
        <translation>
            <numerusform>%n unread message</numerusform>
            <numerusform>%n unread messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChatsScreen</name>
    <message>
        <source>Select a chat in the list to read and answer it.</source>
        <translation>Select a chat in the list to read and answer it.</translation>
    </message>
    <message>
        <source>This chat is no longer available to you.</source>
        <translation>This chat is no longer available to you.</translation>
    </message>
    <message>
        <source>The chat with %1 left your departments and was closed here.</source>
        <translation>The chat with %1 left your departments and was closed here.</translation>
    </message>
    <message>
        <source>Assume</source>
        <translation>Assume</translation>
    </message>
    <message>
        <source>%1 is attending this chat. Take it over?</source>
        <translation>%1 is attending this chat. Take it over?</translation>
    </message>
    <message>
        <source>Cancel chat</source>
        <translation>Cancel chat</translation>
    </message>
    <message>
        <source>Cancel the chat with %1? It is closed at once, without a ticket or a formal conclusion.</source>
        <translation>Cancel the chat with %1? It is closed at once, without a ticket or a formal conclusion.</translation>
    </message>
    <message>
        <source>Ticket #%1 created and linked to the chat.</source>
        <translation>Ticket #%1 created and linked to the chat.</translation>
    </message>
</context>
<context>
    <name>ComposerPane</name>
    <message>
        <source>Internal comment: only your team will see it, never the customer.</source>
        <translation>Internal comment: only your team will see it, never the customer.</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Attach files</translation>
    </message>
    <message>
        <source>Reply templates</source>
        <translation>Reply templates</translation>
    </message>
    <message>
        <source>or type / in an empty message</source>
        <translation>or type / in an empty message</translation>
    </message>
    <message>
        <source>Internal comment</source>
        <translation>Internal comment</translation>
    </message>
    <message>
        <source>Write to your team only (%1)</source>
        <translation>Write to your team only (%1)</translation>
    </message>
    <message>
        <source>Upload progress</source>
        <translation>Upload progress</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>This chat is no longer available to you.</source>
        <translation>This chat is no longer available to you.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Select a chat to write.</source>
        <translation>Select a chat to write.</translation>
    </message>
    <message>
        <source>Write an internal comment for your team…</source>
        <translation>Write an internal comment for your team…</translation>
    </message>
    <message>
        <source>Write a message… (Enter sends, Shift+Enter breaks the line)</source>
        <translation>Write a message… (Enter sends, Shift+Enter breaks the line)</translation>
    </message>
    <message>
        <source>Free text is locked: send an approved template.</source>
        <translation>Free text is locked: send an approved template.</translation>
    </message>
    <message>
        <source>Assume this chat to reply, or switch on Internal comment.</source>
        <translation>Assume this chat to reply, or switch on Internal comment.</translation>
    </message>
    <message>
        <source>Send (Enter); Shift+Enter breaks the line</source>
        <translation>Send (Enter); Shift+Enter breaks the line</translation>
    </message>
    <message>
        <source>Send a te&amp;mplate</source>
        <translation>Send a te&amp;mplate</translation>
    </message>
    <message>
        <source>%1 is responsible for this chat: only they can reply to the customer. Internal comments are still possible.</source>
        <translation>%1 is responsible for this chat: only they can reply to the customer. Internal comments are still possible.</translation>
    </message>
    <message>
        <source>Assume this chat to reply to the customer. Internal comments are still possible.</source>
        <translation>Assume this chat to reply to the customer. Internal comments are still possible.</translation>
    </message>
    <message>
        <source>Assume</source>
        <translation>Assume</translation>
    </message>
    <message>
        <source>Pasted image</source>
        <translation>Pasted image</translation>
    </message>
    <message>
        <source>The pasted image could not be saved.</source>
        <translation>The pasted image could not be saved.</translation>
    </message>
    <message>
        <source>Uploading: %1 of %2</source>
        <translation>Uploading: %1 of %2</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comment</translation>
    </message>
</context>
<context>
    <name>ContactInfoPanel</name>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Requester</source>
        <translation>Requester</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Earlier chats</source>
        <translation>Earlier chats</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Information</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>No earlier chats</source>
        <translation>No earlier chats</translation>
    </message>
</context>
<context>
    <name>ConversationList</name>
    <message>
        <source>Chats</source>
        <translation>Chats</translation>
    </message>
</context>
<context>
    <name>ConversationsPane</name>
    <message>
        <source>&amp;New chat</source>
        <translation>&amp;New chat</translation>
    </message>
    <message>
        <source>Start a conversation with a customer</source>
        <translation>Start a conversation with a customer</translation>
    </message>
    <message>
        <source>Chat lists</source>
        <translation>Chat lists</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>a tab&apos;s name and how many chats it lists</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1 (Ctrl+%2)</translation>
    </message>
    <message>
        <source>No chat matches the search or the filters.</source>
        <translation>No chat matches the search or the filters.</translation>
    </message>
    <message>
        <source>No chats here.</source>
        <translation>No chats here.</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>New chat</translation>
    </message>
    <message>
        <source>Start a new conversation with this contact</source>
        <translation>Start a new conversation with this contact</translation>
    </message>
</context>
<context>
    <name>CrashReporter</name>
    <message>
        <source>Something went wrong</source>
        <translation>Something went wrong</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>Open &amp;log folder</translation>
    </message>
    <message>
        <source>Something unexpected went wrong. Tiflux Chats keeps running, but if something looks wrong, close it and open it again.

The details are in the log file:
%1</source>
        <translation>Something unexpected went wrong. Tiflux Chats keeps running, but if something looks wrong, close it and open it again.

The details are in the log file:
%1</translation>
    </message>
    <message numerus="yes">
        <source>It happened %n more time(s) since.</source>
        <translation>
            <numerusform>It happened %n more time since.</numerusform>
            <numerusform>It happened %n more times since.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>This contact already has an open chat on this integration.</source>
        <translation>This contact already has an open chat on this integration.</translation>
    </message>
    <message>
        <source>Your organisation requires a service catalog item to finish a chat.</source>
        <translation>Your organisation requires a service catalog item to finish a chat.</translation>
    </message>
    <message>
        <source>This chat is already closed.</source>
        <translation>This chat is already closed.</translation>
    </message>
    <message>
        <source>You no longer have access to this chat&apos;s department.</source>
        <translation>You no longer have access to this chat&apos;s department.</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
</context>
<context>
    <name>FilterButton</name>
    <message>
        <source>Filter by channel and status</source>
        <translation>Filter by channel and status</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Channels</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message numerus="yes">
        <source>Filters (%n on)</source>
        <translation>
            <numerusform>Filters (%n on)</numerusform>
            <numerusform>Filters (%n on)</numerusform>
        </translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>Filters</translation>
    </message>
</context>
<context>
    <name>FilterChips</name>
    <message>
        <source>Clear filters</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <source>Remove filter: %1</source>
        <translation>Remove filter: %1</translation>
    </message>
    <message>
        <source>Remove this filter</source>
        <translation>Remove this filter</translation>
    </message>
</context>
<context>
    <name>FinishDialog</name>
    <message>
        <source>Finish chat</source>
        <translation>Finish chat</translation>
    </message>
    <message>
        <source>Your organisation classifies every finished chat with a service catalog item.</source>
        <translation>Your organisation classifies every finished chat with a service catalog item.</translation>
    </message>
    <message>
        <source>Type to search clients</source>
        <translation>Type to search clients</translation>
    </message>
    <message>
        <source>Choose the service desk</source>
        <translation>Choose the service desk</translation>
    </message>
    <message>
        <source>Choose the catalog item</source>
        <translation>Choose the catalog item</translation>
    </message>
    <message>
        <source>C&amp;lient</source>
        <translation>C&amp;lient</translation>
    </message>
    <message>
        <source>Service &amp;desk</source>
        <translation>Service &amp;desk</translation>
    </message>
    <message>
        <source>Catalog &amp;item</source>
        <translation>Catalog &amp;item</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>&amp;Finish</translation>
    </message>
    <message>
        <source>Finishing…</source>
        <translation>Finishing…</translation>
    </message>
    <message>
        <source>Choose the client whose service desk classifies the chat.</source>
        <translation>Choose the client whose service desk classifies the chat.</translation>
    </message>
    <message>
        <source>Choose the service desk.</source>
        <translation>Choose the service desk.</translation>
    </message>
    <message>
        <source>Choose the service catalog item.</source>
        <translation>Choose the service catalog item.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Tiflux Chats</source>
        <translation>Tiflux Chats</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Opening…</translation>
    </message>
    <message>
        <source>Tiflu&amp;x Chats</source>
        <translation>Tiflu&amp;x Chats</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>Sign &amp;out…</source>
        <translation>Sign &amp;out…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>Sign out of Tiflux Chats? Messages not sent yet stay queued here.</source>
        <translation>Sign out of Tiflux Chats? Messages not sent yet stay queued here.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Also delete the chats kept on this computer (and unsent messages)</source>
        <translation>Also delete the chats kept on this computer (and unsent messages)</translation>
    </message>
    <message>
        <source>Quit Tiflux Chats</source>
        <translation>Quit Tiflux Chats</translation>
    </message>
    <message>
        <source>Quit Tiflux Chats? You will not be told of new chats and messages until you open it again.</source>
        <translation>Quit Tiflux Chats? You will not be told of new chats and messages until you open it again.</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Keep open</source>
        <translation>Keep open</translation>
    </message>
    <message>
        <source>About Tiflux Chats</source>
        <translation>About Tiflux Chats</translation>
    </message>
    <message>
        <source>Tiflux Chats desktop %1</source>
        <translation>Tiflux Chats desktop %1</translation>
    </message>
    <message>
        <source>Your session has expired: sign in again.</source>
        <translation>Your session has expired: sign in again.</translation>
    </message>
    <message>
        <source>Tiflux Chats — %1</source>
        <translation>Tiflux Chats — %1</translation>
    </message>
    <message>
        <source>Tiflux Chats is still running</source>
        <translation>Tiflux Chats is still running</translation>
    </message>
    <message>
        <source>New chats and messages will be announced here. Click the icon to open the window; Quit is in its menu.</source>
        <translation>New chats and messages will be announced here. Click the icon to open the window; Quit is in its menu.</translation>
    </message>
    <message>
        <source>Tiflux Chats could not be set to start with the system: %1</source>
        <translation>Tiflux Chats could not be set to start with the system: %1</translation>
    </message>
</context>
<context>
    <name>MessageBubble</name>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Yesterday</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Queued</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>Not sent</translation>
    </message>
    <message>
        <source>WhatsApp template message</source>
        <translation>WhatsApp template message</translation>
    </message>
    <message>
        <source>Quoted message</source>
        <translation>Quoted message</translation>
    </message>
    <message>
        <source>(attachment)</source>
        <translation>(attachment)</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Download</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Characters not shown: %1. Copy takes the whole text.</source>
        <translation>Characters not shown: %1. Copy takes the whole text.</translation>
    </message>
    <message>
        <source>Internal comment</source>
        <translation>Internal comment</translation>
    </message>
    <message>
        <source>Bot</source>
        <translation>Bot</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Not sent: %1</translation>
    </message>
    <message>
        <source>Not sent.</source>
        <translation>Not sent.</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>Not delivered: %1</source>
        <translation>Not delivered: %1</translation>
    </message>
    <message>
        <source>Not delivered.</source>
        <translation>Not delivered.</translation>
    </message>
    <message>
        <source>Only the team sees internal comments; the customer does not.</source>
        <translation>Only the team sees internal comments; the customer does not.</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <source>&amp;Copy text</source>
        <translation>&amp;Copy text</translation>
    </message>
    <message>
        <source>&amp;Reply (quote)</source>
        <translation>&amp;Reply (quote)</translation>
    </message>
    <message>
        <source>Re&amp;try</source>
        <translation>Re&amp;try</translation>
    </message>
    <message>
        <source>D&amp;iscard</source>
        <translation>D&amp;iscard</translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation>&amp;Download</translation>
    </message>
    <message>
        <source>&amp;Open attachment</source>
        <translation>&amp;Open attachment</translation>
    </message>
    <message>
        <source>&amp;Show quoted message</source>
        <translation>&amp;Show quoted message</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <source>Jump to the latest message</source>
        <translation>Jump to the latest message</translation>
    </message>
    <message>
        <source>Loading older messages…</source>
        <translation>Loading older messages…</translation>
    </message>
</context>
<context>
    <name>MessagesPane</name>
    <message>
        <source>Select a chat</source>
        <translation>Select a chat</translation>
    </message>
    <message>
        <source>The quoted message is further up: scroll up to load it.</source>
        <translation>The quoted message is further up: scroll up to load it.</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>Saved to %1</translation>
    </message>
    <message>
        <source>Open a program?</source>
        <translation>Open a program?</translation>
    </message>
    <message>
        <source>“%1” is a program or a script: opening it may run it on this computer. Open it only if you trust whoever sent it.</source>
        <translation>“%1” is a program or a script: opening it may run it on this computer. Open it only if you trust whoever sent it.</translation>
    </message>
    <message>
        <source>Open anyway</source>
        <translation>Open anyway</translation>
    </message>
    <message>
        <source>Do not open</source>
        <translation>Do not open</translation>
    </message>
    <message>
        <source>No application could open %1.</source>
        <translation>No application could open %1.</translation>
    </message>
</context>
<context>
    <name>NewChatDialog</name>
    <message>
        <source>New chat</source>
        <translation>New chat</translation>
    </message>
    <message>
        <source>&amp;Select a contact</source>
        <translation>&amp;Select a contact</translation>
    </message>
    <message>
        <source>Enter &amp;manually</source>
        <translation>Enter &amp;manually</translation>
    </message>
    <message>
        <source>Type to search clients</source>
        <translation>Type to search clients</translation>
    </message>
    <message>
        <source>Type to search the client&apos;s contacts</source>
        <translation>Type to search the client&apos;s contacts</translation>
    </message>
    <message>
        <source>Area code and number, e.g. 11 98765-4321</source>
        <translation>Area code and number, e.g. 11 98765-4321</translation>
    </message>
    <message>
        <source>The contact&apos;s name</source>
        <translation>The contact&apos;s name</translation>
    </message>
    <message>
        <source>Choose the integration</source>
        <translation>Choose the integration</translation>
    </message>
    <message>
        <source>Choose the department</source>
        <translation>Choose the department</translation>
    </message>
    <message>
        <source>C&amp;lient</source>
        <translation>C&amp;lient</translation>
    </message>
    <message>
        <source>C&amp;ontact</source>
        <translation>C&amp;ontact</translation>
    </message>
    <message>
        <source>N&amp;umber</source>
        <translation>N&amp;umber</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>&amp;Integration</source>
        <translation>&amp;Integration</translation>
    </message>
    <message>
        <source>&amp;Department</source>
        <translation>&amp;Department</translation>
    </message>
    <message>
        <source>Start c&amp;hat</source>
        <translation>Start c&amp;hat</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Starting…</translation>
    </message>
    <message>
        <source>Your organisation has no WhatsApp integration (Gupshup or WhatsApp Cloud API) to start chats on.</source>
        <translation>Your organisation has no WhatsApp integration (Gupshup or WhatsApp Cloud API) to start chats on.</translation>
    </message>
    <message>
        <source>Choose the client.</source>
        <translation>Choose the client.</translation>
    </message>
    <message>
        <source>Choose the contact.</source>
        <translation>Choose the contact.</translation>
    </message>
    <message>
        <source>This contact has no WhatsApp number: enter it manually.</source>
        <translation>This contact has no WhatsApp number: enter it manually.</translation>
    </message>
    <message>
        <source>Enter the number with its area code (8 to 15 digits).</source>
        <translation>Enter the number with its area code (8 to 15 digits).</translation>
    </message>
    <message>
        <source>Enter the contact&apos;s name.</source>
        <translation>Enter the contact&apos;s name.</translation>
    </message>
    <message>
        <source>Choose the integration.</source>
        <translation>Choose the integration.</translation>
    </message>
    <message>
        <source>Choose the department.</source>
        <translation>Choose the department.</translation>
    </message>
    <message>
        <source>%1 (no number)</source>
        <translation>%1 (no number)</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Close the notice</source>
        <translation>Close the notice</translation>
    </message>
</context>
<context>
    <name>NotificationBanner</name>
    <message>
        <source>Notification</source>
        <translation>Notification</translation>
    </message>
    <message>
        <source>&amp;Open chat</source>
        <translation>&amp;Open chat</translation>
    </message>
    <message>
        <source>Close the notification</source>
        <translation>Close the notification</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>New chat in Entrada</source>
        <translation>New chat in Entrada</translation>
    </message>
    <message numerus="yes">
        <source>%n new chats in Entrada</source>
        <translation>
            <numerusform>%n new chat in Entrada</numerusform>
            <numerusform>%n new chats in Entrada</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 wrote</source>
        <translation>%1 wrote</translation>
    </message>
    <message>
        <source>The customer</source>
        <translation>The customer</translation>
    </message>
    <message numerus="yes">
        <source>Customers wrote in %n of your chats</source>
        <translation>
            <numerusform>A customer wrote in %n of your chats</numerusform>
            <numerusform>Customers wrote in %n of your chats</numerusform>
        </translation>
    </message>
    <message>
        <source>Chat transferred to you</source>
        <translation>Chat transferred to you</translation>
    </message>
    <message numerus="yes">
        <source>%n chats transferred to you</source>
        <translation>
            <numerusform>%n chat transferred to you</numerusform>
            <numerusform>%n chats transferred to you</numerusform>
        </translation>
    </message>
    <message>
        <source>Still waiting in Entrada: %1</source>
        <translation>Still waiting in Entrada: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n chats still waiting in Entrada</source>
        <translation>
            <numerusform>%n chat still waiting in Entrada</numerusform>
            <numerusform>%n chats still waiting in Entrada</numerusform>
        </translation>
    </message>
    <message>
        <source>Unknown requester</source>
        <translation>Unknown requester</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n d</source>
        <translation>
            <numerusform>%n d</numerusform>
            <numerusform>%n d</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QuoteStrip</name>
    <message>
        <source>Stop replying to this message</source>
        <translation>Stop replying to this message</translation>
    </message>
    <message>
        <source>Stop replying to this message (Esc)</source>
        <translation>Stop replying to this message (Esc)</translation>
    </message>
    <message>
        <source>Replying to %1</source>
        <translation>Replying to %1</translation>
    </message>
    <message>
        <source>Replying to a message</source>
        <translation>Replying to a message</translation>
    </message>
</context>
<context>
    <name>ReplyTemplatesDialog</name>
    <message>
        <source>Reply templates</source>
        <translation>Reply templates</translation>
    </message>
    <message>
        <source>Search reply templates</source>
        <translation>Search reply templates</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>&amp;Insert</source>
        <translation>&amp;Insert</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Your organisation has no reply templates yet.</source>
        <translation>Your organisation has no reply templates yet.</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>Search chats</source>
        <translation>Search chats</translation>
    </message>
    <message>
        <source>Search by</source>
        <translation>Search by</translation>
    </message>
    <message>
        <source>Search by %1</source>
        <translation>Search by %1</translation>
    </message>
</context>
<context>
    <name>SendTemplateDialog</name>
    <message>
        <source>Send WhatsApp template</source>
        <translation>Send WhatsApp template</translation>
    </message>
    <message>
        <source>More than 24 hours have passed since the customer&apos;s last message: WhatsApp only delivers an approved template until they write again.</source>
        <translation>More than 24 hours have passed since the customer&apos;s last message: WhatsApp only delivers an approved template until they write again.</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Send</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Sending…</translation>
    </message>
</context>
<context>
    <name>ServiceDialog</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Some choices could not be loaded: try again.</source>
        <translation>Some choices could not be loaded: try again.</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Retry</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Changing the address signs you out; you then sign in to the service at the new address.</source>
        <translation>Changing the address signs you out; you then sign in to the service at the new address.</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>Service &amp;address:</source>
        <translation>Service &amp;address:</translation>
    </message>
    <message>
        <source>New chat in &amp;Entrada</source>
        <translation>New chat in &amp;Entrada</translation>
    </message>
    <message>
        <source>New &amp;customer message in Meus</source>
        <translation>New &amp;customer message in Meus</translation>
    </message>
    <message>
        <source>Chat &amp;transferred to me</source>
        <translation>Chat &amp;transferred to me</translation>
    </message>
    <message>
        <source>Chime</source>
        <translation>Chime</translation>
    </message>
    <message>
        <source>Bell</source>
        <translation>Bell</translation>
    </message>
    <message>
        <source>Pop</source>
        <translation>Pop</translation>
    </message>
    <message>
        <source>Your own file…</source>
        <translation>Your own file…</translation>
    </message>
    <message>
        <source>&amp;Listen</source>
        <translation>&amp;Listen</translation>
    </message>
    <message>
        <source>Play the chosen sound</source>
        <translation>Play the chosen sound</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>No file chosen</translation>
    </message>
    <message>
        <source>Choose a &amp;WAV file…</source>
        <translation>Choose a &amp;WAV file…</translation>
    </message>
    <message>
        <source>&amp;Mute sounds</source>
        <translation>&amp;Mute sounds</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Never</translation>
    </message>
    <message>
        <source>A chat still waiting in Entrada after this long is announced again.</source>
        <translation>A chat still waiting in Entrada after this long is announced again.</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Notifications</translation>
    </message>
    <message>
        <source>Notify me of:</source>
        <translation>Notify me of:</translation>
    </message>
    <message>
        <source>S&amp;ound:</source>
        <translation>S&amp;ound:</translation>
    </message>
    <message>
        <source>Sound file</source>
        <translation>Sound file</translation>
    </message>
    <message>
        <source>&amp;Remind of a waiting chat after:</source>
        <translation>&amp;Remind of a waiting chat after:</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Light</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dark</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Appearance</translation>
    </message>
    <message>
        <source>Lan&amp;guage:</source>
        <translation>Lan&amp;guage:</translation>
    </message>
    <message>
        <source>T&amp;heme:</source>
        <translation>T&amp;heme:</translation>
    </message>
    <message>
        <source>Start with the &amp;system</source>
        <translation>Start with the &amp;system</translation>
    </message>
    <message>
        <source>Start mi&amp;nimised</source>
        <translation>Start mi&amp;nimised</translation>
    </message>
    <message>
        <source>Start in the notification area (or minimised where there is none)</source>
        <translation>Start in the notification area (or minimised where there is none)</translation>
    </message>
    <message>
        <source>Startup</source>
        <translation>Startup</translation>
    </message>
    <message>
        <source>Log files: %1</source>
        <translation>Log files: %1</translation>
    </message>
    <message>
        <source>Open log &amp;folder</source>
        <translation>Open log &amp;folder</translation>
    </message>
    <message>
        <source>Enter the service&apos;s address, as in https://chats.example.com.</source>
        <translation>Enter the service&apos;s address, as in https://chats.example.com.</translation>
    </message>
    <message>
        <source>An address has no spaces.</source>
        <translation>An address has no spaces.</translation>
    </message>
    <message>
        <source>The port is not valid: use a number from 1 to 65535.</source>
        <translation>The port is not valid: use a number from 1 to 65535.</translation>
    </message>
    <message>
        <source>Start the address with https:// (or http://).</source>
        <translation>Start the address with https:// (or http://).</translation>
    </message>
    <message>
        <source>Add the service&apos;s host name, as in https://chats.example.com.</source>
        <translation>Add the service&apos;s host name, as in https://chats.example.com.</translation>
    </message>
    <message>
        <source>Choose a WAV file for your own sound, or pick one of the others.</source>
        <translation>Choose a WAV file for your own sound, or pick one of the others.</translation>
    </message>
    <message>
        <source>The sound file is no longer there: choose it again.</source>
        <translation>The sound file is no longer there: choose it again.</translation>
    </message>
    <message>
        <source>Choose a WAV sound</source>
        <translation>Choose a WAV sound</translation>
    </message>
    <message>
        <source>WAV sounds (*.wav *.WAV)</source>
        <translation>WAV sounds (*.wav *.WAV)</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Search the conversation list</source>
        <translation>Search the conversation list</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>New chat</translation>
    </message>
    <message>
        <source>Open the next chat of the list</source>
        <translation>Open the next chat of the list</translation>
    </message>
    <message>
        <source>Open the previous chat of the list</source>
        <translation>Open the previous chat of the list</translation>
    </message>
    <message>
        <source>Inbox tab</source>
        <translation>Inbox tab</translation>
    </message>
    <message>
        <source>Mine tab</source>
        <translation>Mine tab</translation>
    </message>
    <message>
        <source>In attendance tab</source>
        <translation>In attendance tab</translation>
    </message>
    <message>
        <source>Closed tab</source>
        <translation>Closed tab</translation>
    </message>
    <message>
        <source>Write a message</source>
        <translation>Write a message</translation>
    </message>
    <message>
        <source>Internal comment on or off</source>
        <translation>Internal comment on or off</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Attach files</translation>
    </message>
    <message>
        <source>Reply templates</source>
        <translation>Reply templates</translation>
    </message>
    <message>
        <source>Send an approved WhatsApp template (after the 24-hour window)</source>
        <translation>Send an approved WhatsApp template (after the 24-hour window)</translation>
    </message>
    <message>
        <source>Assume the open chat</source>
        <translation>Assume the open chat</translation>
    </message>
    <message>
        <source>Transfer the open chat</source>
        <translation>Transfer the open chat</translation>
    </message>
    <message>
        <source>Finish the open chat</source>
        <translation>Finish the open chat</translation>
    </message>
    <message>
        <source>Leave the open chat</source>
        <translation>Leave the open chat</translation>
    </message>
    <message>
        <source>Cancel the open chat</source>
        <translation>Cancel the open chat</translation>
    </message>
    <message>
        <source>Add a ticket from the open chat</source>
        <translation>Add a ticket from the open chat</translation>
    </message>
    <message>
        <source>Show or hide the information panel</source>
        <translation>Show or hide the information panel</translation>
    </message>
    <message>
        <source>Go Online or Offline</source>
        <translation>Go Online or Offline</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>Send the message</translation>
    </message>
    <message>
        <source>New line in the message</source>
        <translation>New line in the message</translation>
    </message>
    <message>
        <source>Move in the conversation list</source>
        <translation>Move in the conversation list</translation>
    </message>
    <message>
        <source>Open the selected chat</source>
        <translation>Open the selected chat</translation>
    </message>
    <message>
        <source>Close a dialog</source>
        <translation>Close a dialog</translation>
    </message>
    <message>
        <source>Up / Down</source>
        <translation>Up / Down</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Keys</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to Tiflux Chats</source>
        <translation>Sign in to Tiflux Chats</translation>
    </message>
    <message>
        <source>you@company.com</source>
        <translation>you@company.com</translation>
    </message>
    <message>
        <source>Service &amp;address</source>
        <translation>Service &amp;address</translation>
    </message>
    <message>
        <source>&amp;E-mail</source>
        <translation>&amp;E-mail</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Wrong e-mail or password.</source>
        <translation>Wrong e-mail or password.</translation>
    </message>
    <message>
        <source>The service&apos;s certificate is not trusted (%1). Check the address, or ask whoever runs the service for a valid certificate.</source>
        <translation>The service&apos;s certificate is not trusted (%1). Check the address, or ask whoever runs the service for a valid certificate.</translation>
    </message>
    <message>
        <source>Cannot reach %1. Check the address and your network connection.</source>
        <translation>Cannot reach %1. Check the address and your network connection.</translation>
    </message>
    <message>
        <source>%1 does not look like a Tiflux Chats service.</source>
        <translation>%1 does not look like a Tiflux Chats service.</translation>
    </message>
    <message>
        <source>The address is not valid: %1</source>
        <translation>The address is not valid: %1</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Signing in…</translation>
    </message>
</context>
<context>
    <name>StatusCorner</name>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>You can assume and answer chats. Click to go Offline.</source>
        <translation>You can assume and answer chats. Click to go Offline.</translation>
    </message>
    <message>
        <source>You cannot assume chats while Offline. Click to go Online.</source>
        <translation>You cannot assume chats while Offline. Click to go Online.</translation>
    </message>
    <message>
        <source>Presence: %1</source>
        <translation>Presence: %1</translation>
    </message>
    <message>
        <source>The cached chats stay readable and searchable; messages you send are queued and go out when the connection returns.</source>
        <translation>The cached chats stay readable and searchable; messages you send are queued and go out when the connection returns.</translation>
    </message>
</context>
<context>
    <name>TemplateForm</name>
    <message>
        <source>Choose the template group</source>
        <translation>Choose the template group</translation>
    </message>
    <message>
        <source>Template group</source>
        <translation>Template group</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>Template &amp;group</source>
        <translation>Template &amp;group</translation>
    </message>
    <message>
        <source>&amp;Template</source>
        <translation>&amp;Template</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>The message the customer will receive.</source>
        <translation>The message the customer will receive.</translation>
    </message>
    <message>
        <source>Pre&amp;view</source>
        <translation>Pre&amp;view</translation>
    </message>
    <message>
        <source>This integration has no approved template.</source>
        <translation>This integration has no approved template.</translation>
    </message>
    <message>
        <source>Choose the template group.</source>
        <translation>Choose the template group.</translation>
    </message>
    <message>
        <source>Choose a template.</source>
        <translation>Choose a template.</translation>
    </message>
    <message>
        <source>Fill in the variable %1 of the template.</source>
        <translation>Fill in the variable %1 of the template.</translation>
    </message>
    <message>
        <source>HSM &amp;template</source>
        <translation>HSM &amp;template</translation>
    </message>
    <message>
        <source>Choose the HSM template</source>
        <translation>Choose the HSM template</translation>
    </message>
    <message>
        <source>Choose the template</source>
        <translation>Choose the template</translation>
    </message>
    <message>
        <source>Value of %1</source>
        <translation>Value of %1</translation>
    </message>
    <message>
        <source>Variable %1</source>
        <translation>Variable %1</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Transfer chat</source>
        <translation>Transfer chat</translation>
    </message>
    <message>
        <source>Choose a department</source>
        <translation>Choose a department</translation>
    </message>
    <message>
        <source>Nobody: the department&apos;s inbox</source>
        <translation>Nobody: the department&apos;s inbox</translation>
    </message>
    <message>
        <source>&amp;Department</source>
        <translation>&amp;Department</translation>
    </message>
    <message>
        <source>&amp;Attendant</source>
        <translation>&amp;Attendant</translation>
    </message>
    <message>
        <source>You can only transfer to your own departments.</source>
        <translation>You can only transfer to your own departments.</translation>
    </message>
    <message>
        <source>Only attendants who work in the chosen department are listed.</source>
        <translation>Only attendants who work in the chosen department are listed.</translation>
    </message>
    <message>
        <source>&amp;Transfer</source>
        <translation>&amp;Transfer</translation>
    </message>
    <message>
        <source>Transferring…</source>
        <translation>Transferring…</translation>
    </message>
    <message>
        <source>%1 (current)</source>
        <translation>%1 (current)</translation>
    </message>
    <message>
        <source>Choose a department or an attendant.</source>
        <translation>Choose a department or an attendant.</translation>
    </message>
    <message>
        <source>The chat is already in this department: choose another one or an attendant.</source>
        <translation>The chat is already in this department: choose another one or an attendant.</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Show Tiflux Chats</source>
        <translation>Show Tiflux Chats</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Mute sounds</source>
        <translation>Mute sounds</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message numerus="yes">
        <source>Tiflux Chats — %n chat(s) waiting in Entrada</source>
        <translation>
            <numerusform>Tiflux Chats — %n chat waiting in Entrada</numerusform>
            <numerusform>Tiflux Chats — %n chats waiting in Entrada</numerusform>
        </translation>
    </message>
    <message>
        <source>Tiflux Chats — no chat waiting</source>
        <translation>Tiflux Chats — no chat waiting</translation>
    </message>
    <message>
        <source>You are Offline</source>
        <translation>You are Offline</translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message>
        <source>Inbox</source>
        <translation>Inbox</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Mine</translation>
    </message>
    <message>
        <source>In attendance</source>
        <translation>In attendance</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Website widget</source>
        <translation>Website widget</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>WhatsApp</source>
        <translation>WhatsApp</translation>
    </message>
    <message>
        <source>Traditional WhatsApp</source>
        <translation>Traditional WhatsApp</translation>
    </message>
    <message>
        <source>Gupshup</source>
        <translation>Gupshup</translation>
    </message>
    <message>
        <source>WhatsApp Cloud API</source>
        <translation>WhatsApp Cloud API</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>Campaign</translation>
    </message>
    <message>
        <source>Triage</source>
        <translation>Triage</translation>
    </message>
    <message>
        <source>Waiting for an attendant</source>
        <translation>Waiting for an attendant</translation>
    </message>
    <message>
        <source>Waiting for the customer</source>
        <translation>Waiting for the customer</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Finished</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Requester name</source>
        <translation>Requester name</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>Responsible</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <source>Attendant group</source>
        <translation>Attendant group</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Queued</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Read</translation>
    </message>
    <message>
        <source>Not delivered</source>
        <translation>Not delivered</translation>
    </message>
    <message>
        <source>No connection</source>
        <translation>No connection</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>This chat belongs to a department you do not attend.</source>
        <translation>This chat belongs to a department you do not attend.</translation>
    </message>
    <message>
        <source>You are Offline: go Online to assume chats.</source>
        <translation>You are Offline: go Online to assume chats.</translation>
    </message>
    <message>
        <source>This chat is closed.</source>
        <translation>This chat is closed.</translation>
    </message>
    <message>
        <source>Another attendant is responsible for it.</source>
        <translation>Another attendant is responsible for it.</translation>
    </message>
    <message>
        <source>You are already responsible for it.</source>
        <translation>You are already responsible for it.</translation>
    </message>
    <message>
        <source>Only the attendant responsible for this chat can do this.</source>
        <translation>Only the attendant responsible for this chat can do this.</translation>
    </message>
    <message>
        <source>Nobody has assumed this chat yet.</source>
        <translation>Nobody has assumed this chat yet.</translation>
    </message>
    <message>
        <source>More than 24 hours since the customer&apos;s last message: WhatsApp only accepts an approved template.</source>
        <translation>More than 24 hours since the customer&apos;s last message: WhatsApp only accepts an approved template.</translation>
    </message>
    <message>
        <source>You can only transfer to your own departments.</source>
        <translation>You can only transfer to your own departments.</translation>
    </message>
    <message>
        <source>Your session has expired: sign in again.</source>
        <translation>Your session has expired: sign in again.</translation>
    </message>
    <message>
        <source>The service&apos;s certificate is not trusted, so the connection was refused.</source>
        <translation>The service&apos;s certificate is not trusted, so the connection was refused.</translation>
    </message>
    <message>
        <source>The service cannot be reached. Check the address and the network.</source>
        <translation>The service cannot be reached. Check the address and the network.</translation>
    </message>
    <message>
        <source>Ticket #%1 was created, but linking it to the chat failed.</source>
        <translation>Ticket #%1 was created, but linking it to the chat failed.</translation>
    </message>
    <message>
        <source>This chat is no longer available to you.</source>
        <translation>This chat is no longer available to you.</translation>
    </message>
    <message>
        <source>Sign in to continue.</source>
        <translation>Sign in to continue.</translation>
    </message>
    <message>
        <source>The service refused it: %1</source>
        <translation>The service refused it: %1</translation>
    </message>
    <message>
        <source>The service could not do it now. Try again.</source>
        <translation>The service could not do it now. Try again.</translation>
    </message>
    <message>
        <source>Something went wrong: %1</source>
        <translation>Something went wrong: %1</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation>%1 KB</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 bytes</translation>
    </message>
    <message>
        <source>At most %1 files per message.</source>
        <translation>At most %1 files per message.</translation>
    </message>
    <message>
        <source>%1 cannot be read.</source>
        <translation>%1 cannot be read.</translation>
    </message>
    <message>
        <source>%1 is %2; the limit for this kind of file is %3.</source>
        <translation>%1 is %2; the limit for this kind of file is %3.</translation>
    </message>
</context>
<context>
    <name>_Banner</name>
    <message>
        <source>&amp;Dismiss</source>
        <translation>&amp;Dismiss</translation>
    </message>
</context>
</TS>
