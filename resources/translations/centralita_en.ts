<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AccountListModel</name>
    <message numerus="yes">
        <location filename="../../console/ui/models/accounts.py" line="+117"/>
        <source>%n conversation(s) with unread messages</source>
        <translation>
            <numerusform>%n conversation with unread messages</numerusform>
            <numerusform>%n conversations with unread messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AgendaPane</name>
    <message numerus="yes">
        <location filename="../../console/ui/panes/agenda.py" line="+237"/>
        <source>%n matching contact(s)</source>
        <translation>
            <numerusform>%n matching contact</numerusform>
            <numerusform>%n matching contacts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-2"/>
        <source>%n contact(s)</source>
        <translation>
            <numerusform>%n contact</numerusform>
            <numerusform>%n contacts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Searching… %n matching contact(s) so far</source>
        <translation>
            <numerusform>Searching… %n matching contact so far</numerusform>
            <numerusform>Searching… %n matching contacts so far</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+83"/>
        <source>Agenda synced: %n contact(s)</source>
        <translation>
            <numerusform>Agenda synced: %n contact</numerusform>
            <numerusform>Agenda synced: %n contacts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n could not be read and was left out (the first: {reason})</source>
        <translation>
            <numerusform>%n could not be read and was left out (the first: {reason})</numerusform>
            <numerusform>%n could not be read and were left out (the first: {reason})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+76"/>
        <source>Imported %n contact(s)</source>
        <translation>
            <numerusform>Imported %n contact</numerusform>
            <numerusform>Imported %n contacts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+40"/>
        <source>Exported %n contact(s) to {file}</source>
        <translation>
            <numerusform>Exported %n contact to {file}</numerusform>
            <numerusform>Exported %n contacts to {file}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AgendaTableModel</name>
    <message numerus="yes">
        <location filename="../../console/ui/models/agenda.py" line="+407"/>
        <source>%n unread message(s)</source>
        <translation>
            <numerusform>%n unread message</numerusform>
            <numerusform>%n unread messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BulkTab</name>
    <message numerus="yes">
        <location filename="../../console/ui/sender/bulk_tab.py" line="+217"/>
        <location line="+8"/>
        <source>…and %n more</source>
        <translation>
            <numerusform>…and %n more</numerusform>
            <numerusform>…and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-3"/>
        <location line="+6"/>
        <source>%n recipient(s)</source>
        <translation>
            <numerusform>%n recipient</numerusform>
            <numerusform>%n recipients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+165"/>
        <source>%n may have left already and will not be sent again: verify them.</source>
        <translation>
            <numerusform>%n may have left already and will not be sent again: verify it.</numerusform>
            <numerusform>%n may have left already and will not be sent again: verify them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+65"/>
        <source>%n row(s) exported to {file}</source>
        <translation>
            <numerusform>%n row exported to {file}</numerusform>
            <numerusform>%n rows exported to {file}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message numerus="yes">
        <location filename="../../console/ui/dialogs/crash.py" line="+90"/>
        <source>Errors since this one: %n. They are in the log too.</source>
        <translation>
            <numerusform>Errors since this one: %n. They are in the log too.</numerusform>
            <numerusform>Errors since this one: %n. They are in the log too.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HealthStatus</name>
    <message numerus="yes">
        <location filename="../../console/ui/status.py" line="+120"/>
        <source>Last checked %n min ago</source>
        <translation>
            <numerusform>Last checked %n min ago</numerusform>
            <numerusform>Last checked %n min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Last checked %n h ago</source>
        <translation>
            <numerusform>Last checked %n h ago</numerusform>
            <numerusform>Last checked %n h ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n not checked yet</source>
        <translation>
            <numerusform>%n not checked yet</numerusform>
            <numerusform>%n not checked yet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n signing in</source>
        <translation>
            <numerusform>%n signing in</numerusform>
            <numerusform>%n signing in</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n connected</source>
        <translation>
            <numerusform>%n connected</numerusform>
            <numerusform>%n connected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n with wrong credentials</source>
        <translation>
            <numerusform>%n with wrong credentials</numerusform>
            <numerusform>%n with wrong credentials</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n unreachable</source>
        <translation>
            <numerusform>%n unreachable</numerusform>
            <numerusform>%n unreachable</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n with an error</source>
        <translation>
            <numerusform>%n with an error</numerusform>
            <numerusform>%n with an error</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message numerus="yes">
        <location filename="../../console/ui/agenda/import_dialog.py" line="+131"/>
        <source>Show only the rows with problems (%n)</source>
        <translation>
            <numerusform>Show only the rows with problems (%n)</numerusform>
            <numerusform>Show only the rows with problems (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>Showing the first %n row(s).</source>
        <translation>
            <numerusform>Showing the first %n row.</numerusform>
            <numerusform>Showing the first %n rows.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Import the %n number(s) this console does not know anyway</source>
        <translation>
            <numerusform>Import the number this console does not know anyway</numerusform>
            <numerusform>Import the %n numbers this console does not know anyway</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+28"/>
        <source>Import %n contact(s)</source>
        <translation>
            <numerusform>Import %n contact</numerusform>
            <numerusform>Import %n contacts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n contact(s) ready to import</source>
        <translation>
            <numerusform>%n contact ready to import</numerusform>
            <numerusform>%n contacts ready to import</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n row(s) with problems will be skipped</source>
        <translation>
            <numerusform>%n row with problems will be skipped</numerusform>
            <numerusform>%n rows with problems will be skipped</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InboxPane</name>
    <message numerus="yes">
        <location filename="../../console/ui/inbox/pane.py" line="+257"/>
        <source>%n conversation(s)</source>
        <translation>
            <numerusform>%n conversation</numerusform>
            <numerusform>%n conversations</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MessageSearchDialog</name>
    <message numerus="yes">
        <location filename="../../console/ui/search/search_dialog.py" line="+82"/>
        <source>Type at least %n characters to search every conversation.</source>
        <translation>
            <numerusform>Type at least %n character to search every conversation.</numerusform>
            <numerusform>Type at least %n characters to search every conversation.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n message(s) found so far; searching older messages…</source>
        <translation>
            <numerusform>%n message found so far; searching older messages…</numerusform>
            <numerusform>%n messages found so far; searching older messages…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n message(s) found; scroll for older ones.</source>
        <translation>
            <numerusform>%n message found; scroll for older ones.</numerusform>
            <numerusform>%n messages found; scroll for older ones.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n message(s) found.</source>
        <translation>
            <numerusform>%n message found.</numerusform>
            <numerusform>%n messages found.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message numerus="yes">
        <location filename="../../console/ui/notifications.py" line="+117"/>
        <source>%n unread conversation(s)</source>
        <translation>
            <numerusform>%n unread conversation</numerusform>
            <numerusform>%n unread conversations</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QuickRepliesDialog</name>
    <message numerus="yes">
        <location filename="../../console/ui/dialogs/quick_replies.py" line="+183"/>
        <source>%n quick reply(ies) imported.</source>
        <translation>
            <numerusform>%n quick reply imported.</numerusform>
            <numerusform>%n quick replies imported.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%n quick reply(ies) written to {file}.</source>
        <translation>
            <numerusform>%n quick reply written to {file}.</numerusform>
            <numerusform>%n quick replies written to {file}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TeamBar</name>
    <message numerus="yes">
        <location filename="../../console/ui/chat/team_bar.py" line="+106"/>
        <source>{names} is on this conversation</source>
        <translation>
            <numerusform>{names} is on this conversation</numerusform>
            <numerusform>{names} are on this conversation</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TemplateTab</name>
    <message numerus="yes">
        <location filename="../../console/ui/sender/template_tab.py" line="+404"/>
        <source>%n template(s) imported</source>
        <translation>
            <numerusform>%n template imported</numerusform>
            <numerusform>%n templates imported</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>%n template(s) fetched</source>
        <translation>
            <numerusform>%n template fetched</numerusform>
            <numerusform>%n templates fetched</numerusform>
        </translation>
    </message>
</context>
</TS>
