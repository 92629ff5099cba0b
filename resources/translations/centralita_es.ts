<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../console/ui/dialogs/about.py" line="+31"/>
        <source>About Centralita</source>
        <translation>Acerca de Centralita</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>An operator console for WhatsApp Business providers.</source>
        <translation>Una consola de operador para proveedores de WhatsApp Business.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Version</source>
        <translation>Versión</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Licence</source>
        <translation>Licencia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data folder</source>
        <translation>Carpeta de datos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logs folder</source>
        <translation>Carpeta de registros</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Secrets kept in</source>
        <translation>Secretos guardados en</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Built with</source>
        <translation>Hecho con</translation>
    </message>
</context>
<context>
    <name>AccountFormDialog</name>
    <message>
        <location filename="../../console/ui/accounts/account_form.py" line="+42"/>
        <source>New {provider} account</source>
        <translation>Nueva cuenta de {provider}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit {account}</source>
        <translation>Editar {account}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> (optional)</source>
        <translation> (opcional)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Passwords and keys are kept in the {where}.</source>
        <translation>Las contraseñas y claves se guardan en {where}.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>unchanged — type to replace</source>
        <translation>sin cambios — escriba para reemplazar</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the account&apos;s name</source>
        <translation>el nombre de la cuenta</translation>
    </message>
</context>
<context>
    <name>AccountListModel</name>
    <message>
        <location filename="../../console/ui/models/accounts.py" line="+70"/>
        <source>team server unreachable</source>
        <translation>sin conexión con el servidor del equipo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>through the team server</source>
        <translation>a través del servidor del equipo</translation>
    </message>
    <message>
        <location line="+29"/>
        <source> · sandbox</source>
        <translation> · sandbox</translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>%n conversation(s) with unread messages</source>
        <translation>
            <numerusform>%n conversación con mensajes sin leer</numerusform>
            <numerusform>%n conversaciones con mensajes sin leer</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AccountsPane</name>
    <message>
        <location filename="../../console/ui/panes/accounts.py" line="+53"/>
        <source>Accounts</source>
        <translation>Cuentas</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Add</source>
        <translation>Agregar</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Edit</source>
        <translation>Editar</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+107"/>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <location line="-105"/>
        <source>Test connection</source>
        <translation>Probar conexión</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Callbacks…</source>
        <translation>Callbacks…</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Add your first account: pick its provider.</source>
        <translation>Agregue su primera cuenta: elija su proveedor.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{account} saved; testing the connection…</source>
        <translation>{account} guardada; probando la conexión…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Remove {account}?</source>
        <translation>¿Quitar {account}?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Its contacts, conversations and message history are deleted from this computer, and its passwords and keys from the {where}. Nothing changes at the provider.</source>
        <translation>Sus contactos, conversaciones e historial de mensajes se borran de esta computadora, y sus contraseñas y claves de {where}. Nada cambia en el proveedor.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{account} removed</source>
        <translation>{account} quitada</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>{account}: {state}</source>
        <translation>{account}: {state}</translation>
    </message>
</context>
<context>
    <name>AddTemplateDialog</name>
    <message>
        <location filename="../../console/ui/sender/add_template.py" line="+28"/>
        <source>Add a template</source>
        <translation>Agregar una plantilla</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the approved name (Cliengo: the template id)</source>
        <translation>el nombre aprobado (Cliengo: el id de la plantilla)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. es_mx; empty for Cliengo</source>
        <translation>p. ej. es_mx; vacío para Cliengo</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>text</source>
        <translation>texto</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>number of {{1}}… parameters; empty: from the body</source>
        <translation>cantidad de parámetros {{1}}…; vacío: según el cuerpo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>named variables, e.g. name pedido; empty: from the body</source>
        <translation>variables con nombre, p. ej. name pedido; vacío: según el cuerpo</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The text with {{1}} or {{name}} placeholders, for the preview</source>
        <translation>El texto con marcadores {{1}} o {{name}}, para la vista previa</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parameters</source>
        <translation>Parámetros</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Variables</source>
        <translation>Variables</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Body</source>
        <translation>Cuerpo</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>the template</source>
        <translation>la plantilla</translation>
    </message>
</context>
<context>
    <name>AgendaPane</name>
    <message>
        <location filename="../../console/ui/panes/agenda.py" line="+77"/>
        <location line="+1"/>
        <source>Filter by name or number</source>
        <translation>Filtrar por nombre o número</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sync</source>
        <translation>Sincronizar</translation>
    </message>
    <message>
        <location line="+114"/>
        <source>Download the account&apos;s agenda from the provider</source>
        <translation>Descargar la agenda de la cuenta desde el proveedor</translation>
    </message>
    <message>
        <location line="-112"/>
        <source>Import…</source>
        <translation>Importar…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add contacts from a CSV file, with a preview first</source>
        <translation>Agregar contactos desde un archivo CSV, con una vista previa antes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the contacts shown (filter included) to a CSV file</source>
        <translation>Guardar los contactos mostrados (con el filtro) en un archivo CSV</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>open until {time}</source>
        <translation>abierta hasta las {time}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In agenda</source>
        <translation>En agenda</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>{provider} offers no agenda to download; import a CSV file instead</source>
        <translation>{provider} no ofrece una agenda para descargar; importe un archivo CSV</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>No contacts stored yet. Press Sync to download the agenda.</source>
        <translation>Todavía no hay contactos guardados. Pulse Sincronizar para descargar la agenda.</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n matching contact(s)</source>
        <translation>
            <numerusform>%n contacto coincide</numerusform>
            <numerusform>%n contactos coinciden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-2"/>
        <source>%n contact(s)</source>
        <translation>
            <numerusform>%n contacto</numerusform>
            <numerusform>%n contactos</numerusform>
        </translation>
    </message>
    <message>
        <location line="-127"/>
        <source>Contacts</source>
        <translation>Contactos</translation>
    </message>
    <message numerus="yes">
        <location line="+131"/>
        <source>Searching… %n matching contact(s) so far</source>
        <translation>
            <numerusform>Buscando… %n contacto coincide hasta ahora</numerusform>
            <numerusform>Buscando… %n contactos coinciden hasta ahora</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{count}+ matching contacts</source>
        <translation>{count}+ contactos coinciden</translation>
    </message>
    <message numerus="yes">
        <location line="+82"/>
        <source>%n could not be read and was left out (the first: {reason})</source>
        <translation>
            <numerusform>%n no se pudo leer y quedó fuera (el primero: {reason})</numerusform>
            <numerusform>%n no se pudieron leer y quedaron fuera (el primero: {reason})</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{synced}; {left_out}.</source>
        <translation>{synced}; {left_out}.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Downloading… {size}</source>
        <translation>Descargando… {size}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Import contacts</source>
        <translation>Importar contactos</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>All files (*)</source>
        <translation>Todos los archivos (*)</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+3"/>
        <source>Cannot import {file}</source>
        <translation>No se puede importar {file}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Wait for the running task to finish, or cancel it, before importing.</source>
        <translation>Espere a que termine la tarea en curso, o cancélela, antes de importar.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Storing contacts…</source>
        <translation>Guardando contactos…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import cancelled; the contacts stored and registered so far are kept.</source>
        <translation>Importación cancelada; se conservan los contactos guardados y registrados hasta ahora.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Registering %v of %m with {provider}</source>
        <translation>Registrando %v de %m en {provider}</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Imported %n contact(s)</source>
        <translation>
            <numerusform>Se importó %n contacto</numerusform>
            <numerusform>Se importaron %n contactos</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{stored}; registered {done} of {total} with {provider}, then it refused: {reason}</source>
        <translation>{stored}; se registraron {done} de {total} en {provider}, luego lo rechazó: {reason}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{stored}, registered with {provider}.</source>
        <translation>{stored}, registrados en {provider}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{stored}.</source>
        <translation>{stored}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export contacts</source>
        <translation>Exportar contactos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>agenda</source>
        <translation>agenda</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Exporting…</source>
        <translation>Exportando…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export cancelled; no file was written.</source>
        <translation>Exportación cancelada; no se escribió ningún archivo.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Writing %v of %m contacts</source>
        <translation>Escribiendo %v de %m contactos</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export failed: {reason}</source>
        <translation>La exportación falló: {reason}</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Exported %n contact(s) to {file}</source>
        <translation>
            <numerusform>Se exportó %n contacto a {file}</numerusform>
            <numerusform>Se exportaron %n contactos a {file}</numerusform>
        </translation>
    </message>
    <message>
        <location line="-347"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location line="+218"/>
        <source>Connecting…</source>
        <translation>Conectando…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Agenda sync failed: {reason}</source>
        <translation>La sincronización de la agenda falló: {reason}</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Agenda synced: %n contact(s)</source>
        <translation>
            <numerusform>Agenda sincronizada: %n contacto</numerusform>
            <numerusform>Agenda sincronizada: %n contactos</numerusform>
        </translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Agenda sync cancelled; the contacts stored so far are kept.</source>
        <translation>Sincronización cancelada; se conservan los contactos guardados hasta ahora.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Storing %v of %m contacts</source>
        <translation>Guardando %v de %m contactos</translation>
    </message>
</context>
<context>
    <name>AgendaTableModel</name>
    <message>
        <location filename="../../console/ui/models/agenda.py" line="+315"/>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>24 h window</source>
        <translation>Ventana de 24 h</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last received</source>
        <translation>Último recibido</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>When the customer last wrote to this account</source>
        <translation>Cuándo escribió el cliente a esta cuenta por última vez</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Registered</source>
        <translation>Registrado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>In agenda</source>
        <translation>En agenda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opt-in</source>
        <translation>Opt-in</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Registered with the provider: only registered contacts can receive messages</source>
        <translation>Registrado en el proveedor: solo los contactos registrados pueden recibir mensajes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Listed in the provider&apos;s agenda: channels that validate contacts only send to them</source>
        <translation>En la agenda del proveedor: los canales que validan contactos solo envían a ellos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This provider keeps no opt-in list</source>
        <translation>Este proveedor no lleva una lista de opt-in</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>(no name)</source>
        <translation>(sin nombre)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} ({unread})</source>
        <translation>{name} ({unread})</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+12"/>
        <source>n.a.</source>
        <translation>n/a</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>closed</source>
        <translation>cerrada</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>open until {time}</source>
        <translation>abierta hasta las {time}</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+2"/>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <location line="-2"/>
        <location line="+2"/>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n unread message(s)</source>
        <translation>
            <numerusform>%n mensaje sin leer</numerusform>
            <numerusform>%n mensajes sin leer</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This provider has no 24 h window</source>
        <translation>Este proveedor no tiene ventana de 24 h</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Session closed: only a template can reopen it</source>
        <translation>Sesión cerrada: solo una plantilla puede reabrirla</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Session open for {hours} h {minutes} min</source>
        <translation>Sesión abierta por {hours} h {minutes} min</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Registered {time}</source>
        <translation>Registrado el {time}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No longer listed in the provider&apos;s agenda</source>
        <translation>Ya no figura en la agenda del proveedor</translation>
    </message>
</context>
<context>
    <name>AttachmentControl</name>
    <message>
        <location filename="../../console/ui/sender/attachments.py" line="+47"/>
        <source>Attach</source>
        <translation>Adjuntar</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A link to a file…</source>
        <translation>Un enlace a un archivo…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A place…</source>
        <translation>Un lugar…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send the message without the attachment</source>
        <translation>Enviar el mensaje sin el adjunto</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>{provider} does not send files or places</source>
        <translation>{provider} no envía archivos ni lugares</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send a file by its link, or a place</source>
        <translation>Enviar un archivo por su enlace, o un lugar</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Attached {kind}: {name}</source>
        <translation>Adjunto ({kind}): {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Attached place: {name}</source>
        <translation>Lugar adjunto: {name}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Select a contact to check it.</source>
        <translation>Seleccione un contacto para verificarlo.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Checking…</source>
        <translation>Verificando…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>✓ Ready to send</source>
        <translation>✓ Listo para enviar</translation>
    </message>
</context>
<context>
    <name>BubbleDelegate</name>
    <message>
        <location filename="../../console/ui/chat/bubble_delegate.py" line="+171"/>
        <source>Bot</source>
        <translation>Bot</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Queued for the team server · {time}</source>
        <translation>En cola para el servidor del equipo · {time}</translation>
    </message>
    <message>
        <location line="+124"/>
        <source>Image unavailable</source>
        <translation>Imagen no disponible</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Loading image…</source>
        <translation>Cargando imagen…</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Open map</source>
        <translation>Abrir mapa</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Image</source>
        <translation>Imagen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Document</source>
        <translation>Documento</translation>
    </message>
</context>
<context>
    <name>BulkTab</name>
    <message>
        <location filename="../../console/ui/sender/bulk_tab.py" line="+72"/>
        <source>Resume</source>
        <translation>Reanudar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Discard</source>
        <translation>Descartar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Skip the recipients not sent yet and close the run</source>
        <translation>Omitir los destinatarios aún no enviados y cerrar el envío</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>One number per line; its parameters may follow, separated by ; or , (else the form&apos;s values are used)</source>
        <translation>Un número por línea; pueden seguirle sus parámetros, separados por ; o , (si no, se usan los valores del formulario)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Load CSV…</source>
        <translation>Cargar CSV…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A header row, a phone column and a column per parameter</source>
        <translation>Una fila de encabezado, una columna de teléfono y una columna por parámetro</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use pasted numbers</source>
        <translation>Usar los números pegados</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Start</source>
        <translation>Comenzar</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%v of %m</source>
        <translation>%v de %m</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+233"/>
        <location line="+14"/>
        <source>Pause</source>
        <translation>Pausar</translation>
    </message>
    <message>
        <location line="-245"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop after the send in flight; the rest can be resumed later</source>
        <translation>Detenerse tras el envío en curso; el resto se puede reanudar después</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Summary of the bulk send</source>
        <translation>Resumen del envío masivo</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Export CSV…</source>
        <translation>Exportar CSV…</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Template: {name}</source>
        <translation>Plantilla: {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a template in the Template tab first.</source>
        <translation>Elija primero una plantilla en la pestaña Plantilla.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source> from {file}</source>
        <translation> de {file}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Fix these lines before starting:</source>
        <translation>Corrija estas líneas antes de comenzar:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Numbers this console does not know; check them, then confirm:</source>
        <translation>Números que esta consola no conoce; verifíquelos y luego confirme:</translation>
    </message>
    <message>
        <location line="-120"/>
        <source>Send to these numbers anyway</source>
        <translation>Enviar a estos números de todos modos</translation>
    </message>
    <message numerus="yes">
        <location line="+114"/>
        <location line="+8"/>
        <source>…and %n more</source>
        <translation>
            <numerusform>…y %n más</numerusform>
            <numerusform>…y %n más</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-3"/>
        <location line="+6"/>
        <source>%n recipient(s)</source>
        <translation>
            <numerusform>%n destinatario</numerusform>
            <numerusform>%n destinatarios</numerusform>
        </translation>
    </message>
    <message>
        <location line="-139"/>
        <location line="+145"/>
        <source>Recipients</source>
        <translation>Destinatarios</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV files (*.csv *.txt)</source>
        <translation>Archivos CSV (*.csv *.txt)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{file} cannot be read: {reason}</source>
        <translation>No se puede leer {file}: {reason}</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Bulk send finished: {counts}</source>
        <translation>Envío masivo terminado: {counts}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Queued for the team server: it sends the run once it answers.</source>
        <translation>En cola para el servidor del equipo: lo envía en cuanto responda.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>sent {sent} · failed {failed} · verify {verify} · not sent yet {left}</source>
        <translation>enviados {sent} · fallidos {failed} · a verificar {verify} · sin enviar {left}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{provider}: sends leave at least {seconds:g} s apart.</source>
        <translation>{provider}: los envíos salen con al menos {seconds:g} s de separación.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{provider}: one send after another.</source>
        <translation>{provider}: un envío tras otro.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cancelled: {counts}</source>
        <translation>Cancelado: {counts}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Finished: {counts}</source>
        <translation>Terminado: {counts}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Unfinished bulk send of {template} on {account}: {done} of {total} done, {left} not sent yet.</source>
        <translation>Envío masivo sin terminar de {template} en {account}: {done} de {total} hechos, {left} sin enviar.</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n may have left already and will not be sent again: verify them.</source>
        <translation>
            <numerusform>%n puede haber salido ya y no se enviará de nuevo: verifíquelo.</numerusform>
            <numerusform>%n pueden haber salido ya y no se enviarán de nuevo: verifíquelos.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Export the summary</source>
        <translation>Exportar el resumen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Not exported: {reason}</source>
        <translation>No se exportó: {reason}</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n row(s) exported to {file}</source>
        <translation>
            <numerusform>%n fila exportada a {file}</numerusform>
            <numerusform>%n filas exportadas a {file}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CachedWindow</name>
    <message>
        <location filename="../../console/ui/start/cached_window.py" line="+158"/>
        <source>Sending is possible once the workspace is open: a moment.</source>
        <translation>Podrá enviar en cuanto se abra el espacio de trabajo: un momento.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Opening the workspace…</source>
        <translation>Abriendo el espacio de trabajo…</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Not sent yet: the workspace is still opening. Your message stays here; send it again in a moment.</source>
        <translation>Aún no se envió: el espacio de trabajo todavía se está abriendo. Su mensaje queda aquí; envíelo de nuevo en un momento.</translation>
    </message>
</context>
<context>
    <name>CallbacksDialog</name>
    <message>
        <location filename="../../console/ui/accounts/callbacks_dialog.py" line="+55"/>
        <source>Callbacks of {account}</source>
        <translation>Callbacks de {account}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>On this computer</source>
        <translation>En esta computadora</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At a team relay</source>
        <translation>En un relé del equipo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Off</source>
        <translation>Desactivados</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>This computer</source>
        <translation>Esta computadora</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Centralita listens on a port of this computer; your reverse proxy or tunnel must forward the public HTTPS address below to it.</source>
        <translation>Centralita escucha en un puerto de esta computadora; su proxy inverso o túnel debe redirigir a él la dirección HTTPS pública de abajo.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Listen on</source>
        <translation>Escuchar en</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Public address</source>
        <translation>Dirección pública</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>`centralita relay token` on the relay; blank keeps the known one</source>
        <translation>`centralita relay token` en el relé; en blanco conserva el conocido</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Team relay</source>
        <translation>Relé del equipo</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Relay address</source>
        <translation>Dirección del relé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Events token</source>
        <translation>Token de eventos</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Receive the callbacks of {account}:</source>
        <translation>Recibir los callbacks de {account}:</translation>
    </message>
    <message>
        <location line="-24"/>
        <location line="+28"/>
        <source>Callback URL</source>
        <translation>URL de callback</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Callbacks are off: {provider} cannot report to this console.</source>
        <translation>Los callbacks están desactivados: {provider} no puede informar a esta consola.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Centralita gave this URL to {provider} itself.</source>
        <translation>Centralita le dio esta URL a {provider} por sí misma.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Give this URL to {provider} as the account&apos;s callback URL.</source>
        <translation>Dele esta URL a {provider} como URL de callback de la cuenta.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <location filename="../../console/ui/panes/chat.py" line="+101"/>
        <source>Conversation</source>
        <translation>Conversación</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Choose a conversation in the inbox, or a contact in the agenda, to see it here.</source>
        <translation>Elija una conversación en la bandeja de entrada, o un contacto en la agenda, para verla aquí.</translation>
    </message>
    <message>
        <location line="+120"/>
        <source>Older messages could not be fetched from the team server: {reason}</source>
        <translation>No se pudieron traer los mensajes anteriores del servidor del equipo: {reason}</translation>
    </message>
    <message>
        <location line="+172"/>
        <source>Copy text</source>
        <translation>Copiar texto</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verify…</source>
        <translation>Verificar…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open map</source>
        <translation>Abrir mapa</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open file</source>
        <translation>Abrir archivo</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Asking the provider…</source>
        <translation>Consultando al proveedor…</translation>
    </message>
    <message>
        <location filename="../../console/ui/chat/verify_text.py" line="+22"/>
        <source>{provider} does not know this message yet. Check with {provider} before sending it again.</source>
        <translation>{provider} todavía no conoce este mensaje. Consulte con {provider} antes de enviarlo de nuevo.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{provider} says this message is {state}.</source>
        <translation>Según {provider}, este mensaje está {state}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Could not ask {provider}: {reason}</source>
        <translation>No se pudo consultar a {provider}: {reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{provider} never answered with an id for this message, so it cannot be asked about it. Check with {provider} whether it arrived before sending it again.</source>
        <translation>{provider} nunca respondió con un id para este mensaje, así que no se le puede consultar. Verifique con {provider} si llegó antes de enviarlo de nuevo.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{provider} cannot be asked about a message&apos;s state. Check with {provider} whether it arrived before sending it again.</source>
        <translation>A {provider} no se le puede consultar el estado de un mensaje. Verifique con {provider} si llegó antes de enviarlo de nuevo.</translation>
    </message>
</context>
<context>
    <name>ComposerTab</name>
    <message>
        <location filename="../../console/ui/sender/composer.py" line="+80"/>
        <source>Use a template (Ctrl+T)</source>
        <translation>Usar una plantilla (Ctrl+T)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Send</source>
        <translation>Enviar</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Forward to bot</source>
        <translation>Pasar al bot</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Record the text as the customer&apos;s message and hand it to the provider&apos;s bot; its answers appear in the chat.</source>
        <translation>Registrar el texto como mensaje del cliente y pasarlo al bot del proveedor; sus respuestas aparecen en el chat.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>No contact selected</source>
        <translation>Ningún contacto seleccionado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>As the customer: {contact}</source>
        <translation>Como el cliente: {contact}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>To: {contact}</source>
        <translation>Para: {contact}</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Not sent yet: read the warning, then send anyway or change the message.</source>
        <translation>Aún no se envió: lea el aviso y luego envíe de todos modos o cambie el mensaje.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not sent: {reason}</source>
        <translation>No enviado: {reason}</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Message sent to {contact}</source>
        <translation>Mensaje enviado a {contact}</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>This contact has no name: replace {variable} before sending.</source>
        <translation>Este contacto no tiene nombre: reemplace {variable} antes de enviar.</translation>
    </message>
    <message>
        <location line="-220"/>
        <source>Write a message… (/ for quick replies, Ctrl+Enter sends)</source>
        <translation>Escriba un mensaje… (/ para respuestas rápidas, Ctrl+Intro lo envía)</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Session closed as far as this console knows: a template reopens it; text asks you to confirm.</source>
        <translation>Sesión cerrada, hasta donde sabe esta consola: una plantilla la reabre; el texto pide confirmación.</translation>
    </message>
    <message>
        <location line="+205"/>
        <location line="+3"/>
        <source>Not forwarded: {reason}</source>
        <translation>No se pasó al bot: {reason}</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Not forwarded yet: read the warning, then send anyway or change the message.</source>
        <translation>Aún no se pasó al bot: lea la advertencia y luego envíe de todos modos o cambie el mensaje.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Handed to the bot as a message from {contact}</source>
        <translation>Pasado al bot como mensaje de {contact}</translation>
    </message>
</context>
<context>
    <name>ContactNotesPanel</name>
    <message>
        <location filename="../../console/ui/inbox/notes_panel.py" line="+49"/>
        <source>A short note about this contact</source>
        <translation>Una nota breve sobre este contacto</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>e.g. vip, wholesale</source>
        <translation>p. ej. vip, mayorista</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Labels, separated by commas; Enter keeps them</source>
        <translation>Etiquetas separadas por comas; Intro las guarda</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;History…</source>
        <translation>&amp;Historial…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every version of this note the team kept, with who wrote it and when</source>
        <translation>Cada versión de esta nota que guardó el equipo, con quién la escribió y cuándo</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Note:</source>
        <translation>&amp;Nota:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Labels:</source>
        <translation>&amp;Etiquetas:</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No conversation open</source>
        <translation>Ninguna conversación abierta</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../console/ui/dialogs/crash.py" line="+54"/>
        <source>Unexpected error</source>
        <translation>Error inesperado</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Something went wrong inside Centralita. The window keeps working; if something looks wrong, restart it. The report below has passwords, tokens and phone numbers masked: copy it for whoever looks after Centralita.</source>
        <translation>Algo falló dentro de Centralita. La ventana sigue funcionando; si algo se ve mal, reiníciela. El informe de abajo tiene las contraseñas, los tokens y los números de teléfono ocultos: cópielo para quien se ocupe de Centralita.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Report</source>
        <translation>Informe</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Copy report</source>
        <translation>Copiar informe</translation>
    </message>
    <message numerus="yes">
        <location line="+19"/>
        <source>Errors since this one: %n. They are in the log too.</source>
        <translation>
            <numerusform>Errores desde este: %n. También están en el registro.</numerusform>
            <numerusform>Errores desde este: %n. También están en el registro.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FeedbackLabel</name>
    <message>
        <location filename="../../console/ui/sender/feedback.py" line="+42"/>
        <source>the provider refused it</source>
        <translation>el proveedor lo rechazó</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not sent: {reason}</source>
        <translation>No enviado: {reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>It may or may not have been sent; check the timeline before sending it again.</source>
        <translation>Puede que se haya enviado o no; revise la línea de tiempo antes de enviarlo de nuevo.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Queued: the team server cannot be reached now; it gets it as soon as it answers.</source>
        <translation>En cola: el servidor del equipo no responde ahora; lo recibe en cuanto responda.</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../console/ui/search/find_bar.py" line="+44"/>
        <location line="+1"/>
        <source>Find in this conversation</source>
        <translation>Buscar en esta conversación</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Older match (Enter)</source>
        <translation>Coincidencia anterior (Intro)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Newer match (Shift+Enter)</source>
        <translation>Coincidencia siguiente (Mayús+Intro)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close (Esc)</source>
        <translation>Cerrar (Esc)</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>No matches</source>
        <translation>Sin coincidencias</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{at} of {total}</source>
        <translation>{at} de {total}</translation>
    </message>
</context>
<context>
    <name>HealthStatus</name>
    <message>
        <location filename="../../console/ui/status.py" line="+34"/>
        <source>Check now</source>
        <translation>Comprobar ahora</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test every account&apos;s connection now</source>
        <translation>Probar ahora la conexión de todas las cuentas</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Status polling: starting</source>
        <translation>Consulta de estados: iniciando</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Status polling: on</source>
        <translation>Consulta de estados: activa</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Status polling: stopped</source>
        <translation>Consulta de estados: detenida</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Asks the providers that answer polls for the state of messages in flight</source>
        <translation>Pregunta a los proveedores que lo permiten por el estado de los mensajes en curso</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Callbacks: not used</source>
        <translation>Callbacks: sin uso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No account receives callbacks</source>
        <translation>Ninguna cuenta recibe callbacks</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Callbacks: cannot read the relay</source>
        <translation>Callbacks: no se puede leer el relé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped</source>
        <translation>detenido</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Callbacks: receiving</source>
        <translation>Callbacks: recibiendo</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Team: cannot reach the server</source>
        <translation>Equipo: no se llega al servidor</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Team: following</source>
        <translation>Equipo: siguiendo</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Accounts: {states}</source>
        <translation>Cuentas: {states}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Accounts: none</source>
        <translation>Cuentas: ninguna</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Last checked less than a minute ago</source>
        <translation>Última comprobación hace menos de un minuto</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Last checked %n min ago</source>
        <translation>
            <numerusform>Última comprobación hace %n min</numerusform>
            <numerusform>Última comprobación hace %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Last checked %n h ago</source>
        <translation>
            <numerusform>Última comprobación hace %n h</numerusform>
            <numerusform>Última comprobación hace %n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n not checked yet</source>
        <translation>
            <numerusform>%n sin verificar</numerusform>
            <numerusform>%n sin verificar</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n signing in</source>
        <translation>
            <numerusform>%n iniciando sesión</numerusform>
            <numerusform>%n iniciando sesión</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n connected</source>
        <translation>
            <numerusform>%n conectada</numerusform>
            <numerusform>%n conectadas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n with wrong credentials</source>
        <translation>
            <numerusform>%n con credenciales incorrectas</numerusform>
            <numerusform>%n con credenciales incorrectas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n unreachable</source>
        <translation>
            <numerusform>%n inaccesible</numerusform>
            <numerusform>%n inaccesibles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n with an error</source>
        <translation>
            <numerusform>%n con error</numerusform>
            <numerusform>%n con errores</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportPreview</name>
    <message>
        <location filename="../../console/ui/agenda/import_dialog.py" line="+41"/>
        <source>No phone number</source>
        <translation>Sin número de teléfono</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Invalid number: {reason}</source>
        <translation>Número no válido: {reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Same number as line {line}</source>
        <translation>El mismo número que la línea {line}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Number this console does not know: {reason}</source>
        <translation>Número que esta consola no conoce: {reason}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The file holds no contacts.</source>
        <translation>El archivo no contiene contactos.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The file cannot be read as a table of contacts. Is it a CSV file?</source>
        <translation>El archivo no se puede leer como una tabla de contactos. ¿Es un archivo CSV?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No column of phone numbers was found (columns: {columns}). Name it “phone” or “teléfono”.</source>
        <translation>No se encontró una columna de números de teléfono (columnas: {columns}). Llámela “phone” o “teléfono”.</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <location line="+55"/>
        <source>Import contacts into {account}</source>
        <translation>Importar contactos a {account}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The contacts will also be registered with {provider}, {batch} per request.</source>
        <translation>Los contactos también se registrarán en {provider}, {batch} por solicitud.</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Show only the rows with problems (%n)</source>
        <translation>
            <numerusform>Mostrar solo las filas con problemas (%n)</numerusform>
            <numerusform>Mostrar solo las filas con problemas (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>Import the %n number(s) this console does not know anyway</source>
        <translation>
            <numerusform>Importar de todos modos el número que esta consola no conoce</numerusform>
            <numerusform>Importar de todos modos los %n números que esta consola no conoce</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Numbering plans lag the ranges countries open: check these numbers first</source>
        <translation>Los planes de numeración van detrás de los rangos que abren los países: verifique antes estos números</translation>
    </message>
    <message numerus="yes">
        <location line="-5"/>
        <source>Showing the first %n row(s).</source>
        <translation>
            <numerusform>Se muestra la primera fila.</numerusform>
            <numerusform>Se muestran las primeras %n filas.</numerusform>
        </translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Contacts in the file</source>
        <translation>Contactos del archivo</translation>
    </message>
    <message numerus="yes">
        <location line="+45"/>
        <source>Import %n contact(s)</source>
        <translation>
            <numerusform>Importar %n contacto</numerusform>
            <numerusform>Importar %n contactos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n contact(s) ready to import</source>
        <translation>
            <numerusform>%n contacto listo para importar</numerusform>
            <numerusform>%n contactos listos para importar</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{file}: {ready}.</source>
        <translation>{file}: {ready}.</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n row(s) with problems will be skipped</source>
        <translation>
            <numerusform>se omitirá %n fila con problemas</numerusform>
            <numerusform>se omitirán %n filas con problemas</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{file}: {ready}; {skipped}.</source>
        <translation>{file}: {ready}; {skipped}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(none: contacts are named after their number)</source>
        <translation>(ninguna: los contactos llevan el nombre de su número)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tab</source>
        <translation>tabulador</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name column: {name} · Phone column: {phone} · {encoding}, separated by “{delimiter}”</source>
        <translation>Columna de nombre: {name} · Columna de teléfono: {phone} · {encoding}, separado por “{delimiter}”</translation>
    </message>
</context>
<context>
    <name>InboxHold</name>
    <message>
        <location filename="../../console/ui/inbox/filters.py" line="+67"/>
        <source>Mine</source>
        <translation>Mías</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unassigned</source>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All</source>
        <translation>Todas</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The conversations you have</source>
        <translation>Las conversaciones que tiene usted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The conversations no agent has</source>
        <translation>Las conversaciones que no tiene ningún agente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every agent&apos;s conversations and those nobody has</source>
        <translation>Las conversaciones de todos los agentes y las que no tiene nadie</translation>
    </message>
</context>
<context>
    <name>InboxKeys</name>
    <message>
        <location filename="../../console/ui/inbox/actions.py" line="+59"/>
        <source>Find a conversation</source>
        <translation>Buscar una conversación</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back to the conversations list</source>
        <translation>Volver a la lista de conversaciones</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous conversation</source>
        <translation>Conversación anterior</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next conversation</source>
        <translation>Conversación siguiente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next waiting conversation</source>
        <translation>Siguiente conversación en espera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolve the conversation</source>
        <translation>Resolver la conversación</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send and resolve</source>
        <translation>Enviar y resolver</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Take the conversation from the bot</source>
        <translation>Tomar la conversación del bot</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give the conversation back to the bot</source>
        <translation>Devolver la conversación al bot</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New conversation…</source>
        <translation>Nueva conversación…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show: {view}</source>
        <translation>Mostrar: {view}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show: {hold}</source>
        <translation>Mostrar: {hold}</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>You answer this conversation now; the bot no longer receives it.</source>
        <translation>Ahora responde usted esta conversación; el bot ya no la recibe.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The bot answers this conversation again.</source>
        <translation>El bot vuelve a responder esta conversación.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No bot answers this conversation.</source>
        <translation>Ningún bot responde esta conversación.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The bot already answers this conversation.</source>
        <translation>El bot ya responde esta conversación.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You already answer this conversation.</source>
        <translation>Ya responde usted esta conversación.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Nobody is waiting for an answer.</source>
        <translation>Nadie espera respuesta.</translation>
    </message>
</context>
<context>
    <name>InboxPane</name>
    <message>
        <location filename="../../console/ui/inbox/pane.py" line="+105"/>
        <source>Show one account, or the contacts with one label</source>
        <translation>Mostrar una cuenta, o los contactos con una etiqueta</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Find a conversation</source>
        <translation>Buscar una conversación</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name or number (Ctrl+K)</source>
        <translation>Nombre o número (Ctrl+K)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Conversations</source>
        <translation>Conversaciones</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>All accounts</source>
        <translation>Todas las cuentas</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Label: {label}</source>
        <translation>Etiqueta: {label}</translation>
    </message>
    <message numerus="yes">
        <location line="+33"/>
        <source>%n conversation(s)</source>
        <translation>
            <numerusform>%n conversación</numerusform>
            <numerusform>%n conversaciones</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InboxTexts</name>
    <message>
        <location filename="../../console/ui/inbox/texts.py" line="+30"/>
        <location filename="../../console/ui/labels.py" line="+130"/>
        <source>template {name}</source>
        <translation>plantilla {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(nothing written yet)</source>
        <translation>(sin mensajes todavía)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>bot</source>
        <translation>bot</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>bot finished, waiting for an agent</source>
        <translation>el bot terminó, espera a un agente</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>closed</source>
        <translation>cerrada</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} h {minutes} min</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{minutes} min</source>
        <translation>{minutes} min</translation>
    </message>
</context>
<context>
    <name>InboxView</name>
    <message>
        <location filename="../../console/ui/inbox/filters.py" line="-51"/>
        <source>Open</source>
        <translation>Abiertas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unread</source>
        <translation>No leídas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting</source>
        <translation>En espera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closing &lt; 2 h</source>
        <translation>Cierra en &lt; 2 h</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolved</source>
        <translation>Resueltas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bot finished</source>
        <translation>Bot terminó</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Every open conversation, newest activity first</source>
        <translation>Todas las conversaciones abiertas, la actividad más reciente primero</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conversations with messages not read yet</source>
        <translation>Conversaciones con mensajes aún sin leer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The customer wrote last: they wait for an answer</source>
        <translation>El cliente escribió último: espera una respuesta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The 24 h window closes within 2 hours: answer before only a template can reach them</source>
        <translation>La ventana de 24 h cierra en menos de 2 horas: responda antes de que solo una plantilla pueda llegarle</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Conversations marked as resolved</source>
        <translation>Conversaciones marcadas como resueltas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The bot finished the chat: the customer waits for an agent</source>
        <translation>El bot terminó el chat: el cliente espera a un agente</translation>
    </message>
</context>
<context>
    <name>JoinTeamDialog</name>
    <message>
        <location filename="../../console/ui/dialogs/join_team.py" line="+22"/>
        <source>Join a team</source>
        <translation>Unirse a un equipo</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your team&apos;s administrator gives you the server&apos;s address and your agent token (`centralita server agents add`).</source>
        <translation>Quien administra su equipo le da la dirección del servidor y su token de agente (`centralita server agents add`).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Join</source>
        <translation>Unirse</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Server address</source>
        <translation>Dirección del servidor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agent token</source>
        <translation>Token de agente</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Checking the token with the server…</source>
        <translation>Comprobando el token con el servidor…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not joined: {reason}</source>
        <translation>No se unió: {reason}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../console/ui/main_window.py" line="+88"/>
        <location line="+128"/>
        <source>Centralita</source>
        <translation>Centralita</translation>
    </message>
    <message>
        <location line="-82"/>
        <source>Sandbox</source>
        <translation>Sandbox</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Team server</source>
        <translation>Servidor del equipo</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Accounts</source>
        <translation>Cuentas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inbox</source>
        <translation>Bandeja de entrada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agenda</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sender</source>
        <translation>Envío</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timeline</source>
        <translation>Línea de tiempo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contact</source>
        <translation>Contacto</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Secrets: {where}</source>
        <translation>Secretos: {where}</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quick replies…</source>
        <translation>&amp;Respuestas rápidas…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Join a team…</source>
        <translation>&amp;Unirse a un equipo…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Try team mode…</source>
        <translation>&amp;Probar el modo equipo…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Configuración…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Go</source>
        <translation>&amp;Ir</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find a contact in the agenda</source>
        <translation>Buscar un contacto en la agenda</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send a template</source>
        <translation>Enviar una plantilla</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Take the conversation (team)</source>
        <translation>Tomar la conversación (equipo)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transfer the conversation… (team)</source>
        <translation>Transferir la conversación… (equipo)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Release the conversation (team)</source>
        <translation>Liberar la conversación (equipo)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Reset layout</source>
        <translation>&amp;Restablecer la disposición</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Latest &amp;notice</source>
        <translation>Último &amp;aviso</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Set-aside &amp;callbacks…</source>
        <translation>&amp;Callbacks apartados…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Atajos de teclado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;logs folder</source>
        <translation>Abrir carpeta de &amp;registros</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About Centralita</source>
        <translation>&amp;Acerca de Centralita</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Send the message</source>
        <translation>Enviar el mensaje</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send anyway, after a warning</source>
        <translation>Enviar de todos modos, tras una advertencia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close a dialog</source>
        <translation>Cerrar un diálogo</translation>
    </message>
</context>
<context>
    <name>MediaLinkDialog</name>
    <message>
        <location filename="../../console/ui/sender/attach_dialogs.py" line="+65"/>
        <source>Attach a file by its link</source>
        <translation>Adjuntar un archivo por su enlace</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>optional: the name the customer sees</source>
        <translation>opcional: el nombre que ve el cliente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Link</source>
        <translation>Enlace</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>File name</source>
        <translation>Nombre del archivo</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Type a link that starts with https:// (or http://).</source>
        <translation>Escriba un enlace que empiece con https:// (o http://).</translation>
    </message>
</context>
<context>
    <name>MessageListModel</name>
    <message>
        <location filename="../../console/ui/models/messages.py" line="+166"/>
        <source>Queued for the team server</source>
        <translation>En cola para el servidor del equipo</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The provider gave no reason.</source>
        <translation>El proveedor no dio ningún motivo.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Right-click and choose Verify… before sending it again.</source>
        <translation>Haga clic derecho y elija Verificar… antes de enviarlo de nuevo.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Queued: the team server has not taken it yet; it is posted again when the server answers.</source>
        <translation>En cola: el servidor del equipo todavía no lo tomó; se le envía de nuevo cuando responda.</translation>
    </message>
</context>
<context>
    <name>MessageSearchDialog</name>
    <message>
        <location filename="../../console/ui/search/search_dialog.py" line="+28"/>
        <location line="+6"/>
        <source>Search messages</source>
        <translation>Buscar mensajes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Words of a message, on every conversation</source>
        <translation>Palabras de un mensaje, en todas las conversaciones</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All accounts</source>
        <translation>Todas las cuentas</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Messages found</source>
        <translation>Mensajes encontrados</translation>
    </message>
    <message numerus="yes">
        <location line="+40"/>
        <source>Type at least %n characters to search every conversation.</source>
        <translation>
            <numerusform>Escriba al menos %n carácter para buscar en todas las conversaciones.</numerusform>
            <numerusform>Escriba al menos %n caracteres para buscar en todas las conversaciones.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Searching…</source>
        <translation>Buscando…</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n message(s) found so far; searching older messages…</source>
        <translation>
            <numerusform>Se encontró %n mensaje hasta ahora; buscando en mensajes más antiguos…</numerusform>
            <numerusform>Se encontraron %n mensajes hasta ahora; buscando en mensajes más antiguos…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No message contains “{query}”.</source>
        <translation>Ningún mensaje contiene «{query}».</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n message(s) found; scroll for older ones.</source>
        <translation>
            <numerusform>Se encontró %n mensaje; desplácese para ver los más antiguos.</numerusform>
            <numerusform>Se encontraron %n mensajes; desplácese para ver los más antiguos.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n message(s) found.</source>
        <translation>
            <numerusform>Se encontró %n mensaje.</numerusform>
            <numerusform>Se encontraron %n mensajes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NewConversationDialog</name>
    <message>
        <location filename="../../console/ui/inbox/new_conversation.py" line="+33"/>
        <source>New conversation</source>
        <translation>Nueva conversación</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The number as people write it, e.g. 55 4433 2211</source>
        <translation>El número como lo escribe la gente, p. ej. 55 4433 2211</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Number:</source>
        <translation>&amp;Número:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Account:</source>
        <translation>&amp;Cuenta:</translation>
    </message>
</context>
<context>
    <name>NoteHistoryDialog</name>
    <message>
        <location filename="../../console/ui/dialogs/note_history.py" line="+23"/>
        <source>The note&apos;s history</source>
        <translation>Historial de la nota</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every version of the note about {contact}, newest first.</source>
        <translation>Cada versión de la nota sobre {contact}, la más reciente primero.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Versions of the note</source>
        <translation>Versiones de la nota</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Asking the team server…</source>
        <translation>Preguntando al servidor del equipo…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>(removed the note)</source>
        <translation>(borró la nota)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{agent}, {when}</source>
        <translation>{agent}, {when}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The note has never been written.</source>
        <translation>La nota nunca se escribió.</translation>
    </message>
</context>
<context>
    <name>Notice</name>
    <message>
        <location filename="../../console/ui/notice_area.py" line="+52"/>
        <source>Notice</source>
        <translation>Aviso</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Warning</source>
        <translation>Advertencia</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Dismiss (Esc)</source>
        <translation>Descartar (Esc)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dismiss the notice</source>
        <translation>Descartar el aviso</translation>
    </message>
</context>
<context>
    <name>NoticeArea</name>
    <message>
        <location line="+54"/>
        <source>Notices</source>
        <translation>Avisos</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <location filename="../../console/ui/notifications.py" line="+63"/>
        <location line="+53"/>
        <source>Centralita</source>
        <translation>Centralita</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>a customer</source>
        <translation>un cliente</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Message to {contact} not sent</source>
        <translation>Mensaje a {contact} no enviado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the provider refused it</source>
        <translation>el proveedor lo rechazó</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{text}”: {reason}</source>
        <translation>“{text}”: {reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New message from {contact}</source>
        <translation>Mensaje nuevo de {contact}</translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>%n unread conversation(s)</source>
        <translation>
            <numerusform>%n conversación sin leer</numerusform>
            <numerusform>%n conversaciones sin leer</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A {provider} callback was set aside</source>
        <translation>Se apartó un callback de {provider}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{reason}. It said: {body}</source>
        <translation>{reason}. Decía: {body}</translation>
    </message>
</context>
<context>
    <name>PlaceDialog</name>
    <message>
        <location filename="../../console/ui/sender/attach_dialogs.py" line="+12"/>
        <source>Send a place</source>
        <translation>Enviar un lugar</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Latitude, longitude</source>
        <translation>Latitud, longitud</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Type the latitude and longitude separated by a comma, e.g. -34.9058, -56.1913.</source>
        <translation>Escriba la latitud y la longitud separadas por una coma, p. ej. -34.9058, -56.1913.</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <location filename="../../console/ui/agenda/import_dialog.py" line="-109"/>
        <source>Line</source>
        <translation>Línea</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>ready</source>
        <translation>listo</translation>
    </message>
</context>
<context>
    <name>QuickRepliesDialog</name>
    <message>
        <location filename="../../console/ui/dialogs/quick_replies.py" line="+44"/>
        <location line="+8"/>
        <source>Quick replies</source>
        <translation>Respuestas rápidas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Offered on</source>
        <translation>Disponible en</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Text</source>
        <translation>Texto</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Add…</source>
        <translation>Agregar…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Edit…</source>
        <translation>Editar…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import…</source>
        <translation>Importar…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Every account</source>
        <translation>Todas las cuentas</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Not deleted: {reason}</source>
        <translation>No se eliminó: {reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deleted /{name}.</source>
        <translation>Se eliminó /{name}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import quick replies</source>
        <translation>Importar respuestas rápidas</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export quick replies</source>
        <translation>Exportar respuestas rápidas</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Nothing imported: {reason}</source>
        <translation>No se importó nada: {reason}</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n quick reply(ies) imported.</source>
        <translation>
            <numerusform>Se importó %n respuesta rápida.</numerusform>
            <numerusform>Se importaron %n respuestas rápidas.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not exported: {reason}</source>
        <translation>No se exportó: {reason}</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n quick reply(ies) written to {file}.</source>
        <translation>
            <numerusform>%n respuesta rápida guardada en {file}.</numerusform>
            <numerusform>%n respuestas rápidas guardadas en {file}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QuickReplyForm</name>
    <message>
        <location filename="../../console/ui/dialogs/quick_reply_form.py" line="+38"/>
        <source>Quick reply</source>
        <translation>Respuesta rápida</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Quick reply {name}</source>
        <translation>Respuesta rápida {name}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>what you type after /, e.g. saludo</source>
        <translation>lo que escribe después de /, p. ej. saludo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every account</source>
        <translation>Todas las cuentas</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Hola {nombre}, …</source>
        <translation>Hola {nombre}, …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{nombre} or {name}: the contact&apos;s name; {numero} or {number}: their number, as people write it.</source>
        <translation>{nombre} o {name}: el nombre del contacto; {numero} o {number}: su número, como se escribe habitualmente.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>optional: https://… a file sent with the reply</source>
        <translation>opcional: https://… un archivo que se envía con la respuesta</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offered on</source>
        <translation>Disponible en</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text</source>
        <translation>Texto</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>File link</source>
        <translation>Enlace del archivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File kind</source>
        <translation>Tipo de archivo</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Not saved: {reason}</source>
        <translation>No se guardó: {reason}</translation>
    </message>
</context>
<context>
    <name>SandboxBanner</name>
    <message>
        <location filename="../../console/ui/banner.py" line="+17"/>
        <source>Sandbox — simulated providers; nothing leaves this computer</source>
        <translation>Sandbox — proveedores simulados; nada sale de esta computadora</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Work with my real accounts…</source>
        <translation>Trabajar con mis cuentas reales…</translation>
    </message>
</context>
<context>
    <name>SendAnywayBar</name>
    <message>
        <location filename="../../console/ui/sender/send_anyway.py" line="+29"/>
        <source>Send &amp;anyway</source>
        <translation>&amp;Enviar de todos modos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send despite the warning above ({keys})</source>
        <translation>Enviar pese a la advertencia ({keys})</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>A number this console does not know.</source>
        <translation>Un número que esta consola no conoce.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A media link this console could not check.</source>
        <translation>Un enlace multimedia que esta consola no pudo comprobar.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A 24 h window this console did not see open.</source>
        <translation>Una ventana de 24 h que esta consola no vio abierta.</translation>
    </message>
</context>
<context>
    <name>SenderPane</name>
    <message>
        <location filename="../../console/ui/panes/sender.py" line="+58"/>
        <source>Ways to send</source>
        <translation>Formas de enviar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Template</source>
        <translation>Plantilla</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send to many</source>
        <translation>Envío masivo</translation>
    </message>
</context>
<context>
    <name>SessionBanner</name>
    <message>
        <location filename="../../console/ui/chat/session_banner.py" line="+32"/>
        <source>No message from this customer has reached this console: their 24 h window is unknown</source>
        <translation>Ningún mensaje de este cliente llegó a esta consola: su ventana de 24 h es desconocida</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Session closed: only a template can reopen it</source>
        <translation>Sesión cerrada: solo una plantilla puede reabrirla</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Session open for {time}</source>
        <translation>Sesión abierta por {time}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} h {minutes} min</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{hours} h</source>
        <translation>{hours} h</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{minutes} min</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>less than a minute</source>
        <translation>menos de un minuto</translation>
    </message>
</context>
<context>
    <name>SetAsideCallbacks</name>
    <message>
        <location filename="../../console/ui/models/set_aside.py" line="+68"/>
        <source>Received</source>
        <translation>Recibido</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Provider</source>
        <translation>Proveedor</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Why it was set aside</source>
        <translation>Por qué se apartó</translation>
    </message>
</context>
<context>
    <name>SetAsideDialog</name>
    <message>
        <location filename="../../console/ui/dialogs/set_aside.py" line="+33"/>
        <location line="+4"/>
        <source>Set-aside callbacks</source>
        <translation>Callbacks apartados</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>No callback has been set aside since the console started.</source>
        <translation>No se apartó ningún callback desde que se abrió la consola.</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+4"/>
        <source>The body as the provider posted it</source>
        <translation>El cuerpo tal como lo envió el proveedor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy body</source>
        <translation>Copiar cuerpo</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../console/ui/dialogs/settings.py" line="+14"/>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Same as the system ({language})</source>
        <translation>El del sistema ({language})</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Language:</source>
        <translation>&amp;Idioma:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Play a &amp;sound when a customer writes</source>
        <translation>Reproducir un &amp;sonido cuando escribe un cliente</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The window is rebuilt in the new language with the same contact and draft open; a bulk send in progress stops and can be resumed.</source>
        <translation>La ventana se vuelve a armar en el nuevo idioma con el mismo contacto y borrador abiertos; un envío masivo en curso se detiene y se puede reanudar.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../console/ui/dialogs/shortcuts.py" line="+12"/>
        <location line="+2"/>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Keys</source>
        <translation>Teclas</translation>
    </message>
</context>
<context>
    <name>StateChartView</name>
    <message>
        <location filename="../../console/ui/timeline/state_chart.py" line="+50"/>
        <source>Select an account to see its messages of today.</source>
        <translation>Seleccione una cuenta para ver sus mensajes de hoy.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No messages sent today from {account}.</source>
        <translation>Hoy no se enviaron mensajes desde {account}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Today&apos;s messages from {account}, by state</source>
        <translation>Mensajes de hoy desde {account}, por estado</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{state} ({count})</source>
        <translation>{state} ({count})</translation>
    </message>
</context>
<context>
    <name>StorageProblemDialog</name>
    <message>
        <location filename="../../console/ui/dialogs/storage_problem.py" line="+17"/>
        <source>Centralita cannot open its data</source>
        <translation>Centralita no puede abrir sus datos</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Restore the last backup</source>
        <translation>Restaurar la última copia de seguridad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start a new profile (keep this file aside)</source>
        <translation>Empezar un perfil nuevo (apartando este archivo)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start a new relay store (keep this file aside)</source>
        <translation>Empezar un almacén de callbacks nuevo (apartar este archivo)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
</context>
<context>
    <name>TeamBar</name>
    <message>
        <location filename="../../console/ui/chat/team_bar.py" line="+39"/>
        <source>Team</source>
        <translation>Equipo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Transfer…</source>
        <translation>Transferir…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pass this conversation to a colleague, with a note</source>
        <translation>Pasar esta conversación a un compañero, con una nota</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Release</source>
        <translation>Liberar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Let this conversation go: nobody has it</source>
        <translation>Liberar esta conversación: no la tendrá nadie</translation>
    </message>
    <message numerus="yes">
        <location line="+62"/>
        <source>{names} is on this conversation</source>
        <translation>
            <numerusform>{names} está en esta conversación</numerusform>
            <numerusform>{names} están en esta conversación</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You have it</source>
        <translation>La tiene usted</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{name} has it</source>
        <translation>{name} la tiene</translation>
    </message>
</context>
<context>
    <name>TeamTrialDialog</name>
    <message>
        <location filename="../../console/ui/dialogs/team_trial.py" line="+29"/>
        <source>Try team mode</source>
        <translation>Probar el modo equipo</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Starting PostgreSQL and a team server on the sandbox…</source>
        <translation>Arrancando PostgreSQL y un servidor del equipo sobre el sandbox…</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Team mode is on: this console is agent {agent} of the team server.</source>
        <translation>El modo equipo está activo: esta consola es el agente {agent} del servidor del equipo.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Team server: {url}</source>
        <translation>Servidor del equipo: {url}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Its accounts: {accounts}</source>
        <translation>Sus cuentas: {accounts}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>To try a transfer, open a second console with a data folder of its own:</source>
        <translation>Para probar una transferencia, abra una segunda consola con una carpeta de datos propia:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>then File → Join a team…, with the address above and agent {agent}&apos;s token:</source>
        <translation>luego Archivo → Unirse a un equipo…, con la dirección de arriba y el token del agente {agent}:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quitting Centralita stops the team server and its PostgreSQL.</source>
        <translation>Al salir de Centralita se detienen el servidor del equipo y su PostgreSQL.</translation>
    </message>
</context>
<context>
    <name>TemplateForm</name>
    <message>
        <location filename="../../console/ui/sender/template_form.py" line="+41"/>
        <source>Choose a template, import a catalogue or add one.</source>
        <translation>Elija una plantilla, importe un catálogo o agregue una.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>e.g. es_mx</source>
        <translation>p. ej. es_mx</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>value for {{{n}}}</source>
        <translation>valor para {{{n}}}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Parameter {n}</source>
        <translation>Parámetro {n}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>value for {{{name}}}</source>
        <translation>valor para {{{name}}}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Media link ({kind})</source>
        <translation>Enlace del archivo ({kind})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>optional</source>
        <translation>opcional</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File name</source>
        <translation>Nombre del archivo</translation>
    </message>
</context>
<context>
    <name>TemplateTab</name>
    <message>
        <location filename="../../console/ui/sender/template_tab.py" line="+121"/>
        <source>Import…</source>
        <translation>Importar…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add templates from a CSV or JSON file</source>
        <translation>Agregar plantillas desde un archivo CSV o JSON</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add…</source>
        <translation>Agregar…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type a template in</source>
        <translation>Escribir una plantilla a mano</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fetch</source>
        <translation>Traer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fetch the account&apos;s templates and their review status from the provider</source>
        <translation>Traer del proveedor las plantillas de la cuenta y su estado de revisión</translation>
    </message>
    <message>
        <location line="+289"/>
        <source>Not fetched: {reason}</source>
        <translation>No se trajeron: {reason}</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n template(s) fetched</source>
        <translation>
            <numerusform>Se trajo %n plantilla</numerusform>
            <numerusform>Se trajeron %n plantillas</numerusform>
        </translation>
    </message>
    <message>
        <location line="-351"/>
        <source>pending review</source>
        <translation>en revisión</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rejected</source>
        <translation>rechazada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>paused</source>
        <translation>pausada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>disabled</source>
        <translation>deshabilitada</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>The message as the customer will read it</source>
        <translation>El mensaje tal como lo leerá el cliente</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Send template</source>
        <translation>Enviar plantilla</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send to many…</source>
        <translation>Enviar a muchos…</translation>
    </message>
    <message>
        <location line="-14"/>
        <location line="+26"/>
        <source>Preview</source>
        <translation>Vista previa</translation>
    </message>
    <message>
        <location line="-50"/>
        <source>Template</source>
        <translation>Plantilla</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Template parameters</source>
        <translation>Parámetros de la plantilla</translation>
    </message>
    <message>
        <location line="+130"/>
        <source>No contact selected</source>
        <translation>Ningún contacto seleccionado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>To: {contact}</source>
        <translation>Para: {contact}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Checking…</source>
        <translation>Verificando…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No account selected.</source>
        <translation>Ninguna cuenta seleccionada.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{provider} accounts do not send templates.</source>
        <translation>Las cuentas de {provider} no envían plantillas.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No template chosen.</source>
        <translation>No se eligió ninguna plantilla.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Select a contact to send to, or use Send to many.</source>
        <translation>Seleccione un contacto al que enviar, o use Envío masivo.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>(The catalogue has no text for this template; the provider fills it in.)</source>
        <translation>(El catálogo no tiene el texto de esta plantilla; lo completa el proveedor.)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Checked, with a warning: send anyway only if you are sure.</source>
        <translation>Comprobado, con una advertencia: envíe de todos modos solo si está seguro.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>✓ Ready: the provider&apos;s checks pass.</source>
        <translation>✓ Listo: pasa los controles del proveedor.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Not sent yet: read the warning, then send anyway or change the template.</source>
        <translation>Aún no enviado: lea la advertencia y luego envíe de todos modos o cambie la plantilla.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not sent: {reason}</source>
        <translation>No enviado: {reason}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sent.</source>
        <translation>Enviado.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Template {name} sent to {contact}</source>
        <translation>Plantilla {name} enviada a {contact}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Import templates</source>
        <translation>Importar plantillas</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Template catalogues (*.csv *.json)</source>
        <translation>Catálogos de plantillas (*.csv *.json)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Not imported: {reason}</source>
        <translation>No se importó: {reason}</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n template(s) imported</source>
        <translation>
            <numerusform>Se importó %n plantilla</numerusform>
            <numerusform>Se importaron %n plantillas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TimelinePane</name>
    <message>
        <location filename="../../console/ui/panes/timeline.py" line="+52"/>
        <source>Today&apos;s messages by state</source>
        <translation>Mensajes de hoy por estado</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Export history…</source>
        <translation>Exportar historial…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save this message and all its state events as a JSON file</source>
        <translation>Guardar este mensaje y todos sus cambios de estado en un archivo JSON</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Delivery timeline</source>
        <translation>Línea de tiempo de entrega</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Select a message in the chat to see its delivery timeline.</source>
        <translation>Seleccione un mensaje en el chat para ver su línea de tiempo de entrega.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Message {id}</source>
        <translation>Mensaje {id}</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+52"/>
        <source>Message {id} no longer exists.</source>
        <translation>El mensaje {id} ya no existe.</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>“{text}” · now {state}</source>
        <translation>“{text}” · ahora {state}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This provider reports no delivery states: after “{state}” nothing more will be known.</source>
        <translation>Este proveedor no informa estados de entrega: después de “{state}” no se sabrá nada más.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Export history</source>
        <translation>Exportar historial</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>JSON files (*.json)</source>
        <translation>Archivos JSON (*.json)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not save the history: {reason}</source>
        <translation>No se pudo guardar el historial: {reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>History saved to {path}</source>
        <translation>Historial guardado en {path}</translation>
    </message>
</context>
<context>
    <name>TimelineTableModel</name>
    <message>
        <location filename="../../console/ui/models/timeline.py" line="+63"/>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step</source>
        <translation>Paso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Raw</source>
        <translation>Original</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source</source>
        <translation>Origen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detail</source>
        <translation>Detalle</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Time since the previous event</source>
        <translation>Tiempo desde el evento anterior</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>What the provider said (Export history… has it whole):</source>
        <translation>Lo que dijo el proveedor (Exportar historial… lo trae completo):</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../console/ui/dialogs/transfer_conversation.py" line="+31"/>
        <source>Transfer the conversation</source>
        <translation>Transferir la conversación</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The conversation with {contact} goes to the colleague you choose, with your note.</source>
        <translation>La conversación con {contact} pasa al compañero que elija, con su nota.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>What your colleague should know (optional)</source>
        <translation>Lo que su compañero debe saber (opcional)</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+11"/>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Transfer</source>
        <translation>Transferir</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Colleague</source>
        <translation>Compañero</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Asking the server for your colleagues…</source>
        <translation>Pidiendo al servidor la lista de compañeros…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Nobody else is on this team yet.</source>
        <translation>Todavía no hay nadie más en este equipo.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Transferring…</source>
        <translation>Transfiriendo…</translation>
    </message>
</context>
<context>
    <name>WindowSearch</name>
    <message>
        <location filename="../../console/ui/search/window_search.py" line="+52"/>
        <source>Search all messages…</source>
        <translation>Buscar en todos los mensajes…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Find in this conversation</source>
        <translation>Buscar en esta conversación</translation>
    </message>
</context>
<context>
    <name>attachments</name>
    <message>
        <location filename="../../console/ui/sender/attach_dialogs.py" line="-83"/>
        <source>image</source>
        <translation>imagen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>video</source>
        <translation>video</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>audio</source>
        <translation>audio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>document</source>
        <translation>documento</translation>
    </message>
</context>
<context>
    <name>bulk</name>
    <message>
        <location filename="../../console/ui/sender/summary_model.py" line="+18"/>
        <source>not sent yet</source>
        <translation>sin enviar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sending</source>
        <translation>enviando</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sent</source>
        <translation>enviado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>fallido</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>verify</source>
        <translation>verificar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>skipped</source>
        <translation>omitido</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Recipient</source>
        <translation>Destinatario</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parameters</source>
        <translation>Parámetros</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detail</source>
        <translation>Detalle</translation>
    </message>
</context>
<context>
    <name>chat</name>
    <message>
        <location filename="../../console/ui/chat/template_text.py" line="+18"/>
        <source>template {name} — its text is not in the catalogue</source>
        <translation>plantilla {name} — su texto no está en el catálogo</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Template {name}</source>
        <translation>Plantilla {name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Template {name}: {values}</source>
        <translation>Plantilla {name}: {values}</translation>
    </message>
</context>
<context>
    <name>days</name>
    <message>
        <location filename="../../console/ui/chat/days.py" line="+16"/>
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Yesterday</source>
        <translation>Ayer</translation>
    </message>
</context>
<context>
    <name>health</name>
    <message>
        <location filename="../../console/ui/accounts/health.py" line="+20"/>
        <source>less than a minute</source>
        <translation>menos de un minuto</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} h {minutes} min</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{minutes} min</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>token expires in {time}</source>
        <translation>el token vence en {time}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>token expired; signs in again on the next request</source>
        <translation>el token venció; se inicia sesión de nuevo en la próxima solicitud</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../console/ui/labels.py" line="-100"/>
        <source>pending</source>
        <translation>pendiente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>accepted</source>
        <translation>aceptado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sent</source>
        <translation>enviado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>delivered</source>
        <translation>entregado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>read</source>
        <translation>leído</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>fallido</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>deleted</source>
        <translation>eliminado</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>this console</source>
        <translation>esta consola</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>send answer</source>
        <translation>respuesta al envío</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>status poll</source>
        <translation>consulta de estado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>callback</source>
        <translation>callback</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>not checked yet</source>
        <translation>sin verificar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>signing in…</source>
        <translation>iniciando sesión…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>connected</source>
        <translation>conectada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>wrong credentials</source>
        <translation>credenciales incorrectas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unreachable</source>
        <translation>inaccesible</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>error</source>
        <translation>error</translation>
    </message>
</context>
<context>
    <name>timeline</name>
    <message>
        <location filename="../../console/ui/timeline/steps.py" line="+20"/>
        <source>{n} ms</source>
        <translation>{n} ms</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+3"/>
        <source>{n} s</source>
        <translation>{n} s</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{m} min {s} s</source>
        <translation>{m} min {s} s</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+4"/>
        <source>{m} min</source>
        <translation>{m} min</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{h} h {m} min</source>
        <translation>{h} h {m} min</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{h} h</source>
        <translation>{h} h</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{d} d {h} h</source>
        <translation>{d} d {h} h</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{d} d</source>
        <translation>{d} d</translation>
    </message>
</context>
</TS>
