<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../console/ui/dialogs/about.py" line="+31"/>
        <source>About Centralita</source>
        <translation>Sobre o Centralita</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>An operator console for WhatsApp Business providers.</source>
        <translation>Um console de operador para provedores de WhatsApp Business.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Version</source>
        <translation>Versão</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Licence</source>
        <translation>Licença</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data folder</source>
        <translation>Pasta de dados</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logs folder</source>
        <translation>Pasta de registros</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Secrets kept in</source>
        <translation>Segredos guardados em</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Built with</source>
        <translation>Feito com</translation>
    </message>
</context>
<context>
    <name>AccountFormDialog</name>
    <message>
        <location filename="../../console/ui/accounts/account_form.py" line="+42"/>
        <source>New {provider} account</source>
        <translation>Nova conta de {provider}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit {account}</source>
        <translation>Editar {account}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> (optional)</source>
        <translation> (opcional)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Passwords and keys are kept in the {where}.</source>
        <translation>As senhas e chaves são guardadas em {where}.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>unchanged — type to replace</source>
        <translation>sem alterações — digite para substituir</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the account&apos;s name</source>
        <translation>o nome da conta</translation>
    </message>
</context>
<context>
    <name>AccountListModel</name>
    <message>
        <location filename="../../console/ui/models/accounts.py" line="+70"/>
        <source>team server unreachable</source>
        <translation>sem conexão com o servidor da equipe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>through the team server</source>
        <translation>pelo servidor da equipe</translation>
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
            <numerusform>%n conversa com mensagens não lidas</numerusform>
            <numerusform>%n conversas com mensagens não lidas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AccountsPane</name>
    <message>
        <location filename="../../console/ui/panes/accounts.py" line="+53"/>
        <source>Accounts</source>
        <translation>Contas</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Add</source>
        <translation>Adicionar</translation>
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
        <translation>Remover</translation>
    </message>
    <message>
        <location line="-105"/>
        <source>Test connection</source>
        <translation>Testar conexão</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Callbacks…</source>
        <translation>Callbacks…</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Add your first account: pick its provider.</source>
        <translation>Adicione sua primeira conta: escolha o provedor.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{account} saved; testing the connection…</source>
        <translation>{account} salva; testando a conexão…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Remove {account}?</source>
        <translation>Remover {account}?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Its contacts, conversations and message history are deleted from this computer, and its passwords and keys from the {where}. Nothing changes at the provider.</source>
        <translation>Os contatos, as conversas e o histórico de mensagens são apagados deste computador, e as senhas e chaves de {where}. Nada muda no provedor.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{account} removed</source>
        <translation>{account} removida</translation>
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
        <translation>Adicionar um modelo</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the approved name (Cliengo: the template id)</source>
        <translation>o nome aprovado (Cliengo: o id do modelo)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. es_mx; empty for Cliengo</source>
        <translation>ex.: es_mx; vazio para Cliengo</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>text</source>
        <translation>texto</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>number of {{1}}… parameters; empty: from the body</source>
        <translation>quantidade de parâmetros {{1}}…; vazio: conforme o corpo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>named variables, e.g. name pedido; empty: from the body</source>
        <translation>variáveis com nome, ex.: name pedido; vazio: conforme o corpo</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The text with {{1}} or {{name}} placeholders, for the preview</source>
        <translation>O texto com marcadores {{1}} ou {{name}}, para a pré-visualização</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Name</source>
        <translation>Nome</translation>
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
        <translation>Parâmetros</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Variables</source>
        <translation>Variáveis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Body</source>
        <translation>Corpo</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>the template</source>
        <translation>o modelo</translation>
    </message>
</context>
<context>
    <name>AgendaPane</name>
    <message>
        <location filename="../../console/ui/panes/agenda.py" line="+77"/>
        <location line="+1"/>
        <source>Filter by name or number</source>
        <translation>Filtrar por nome ou número</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sync</source>
        <translation>Sincronizar</translation>
    </message>
    <message>
        <location line="+114"/>
        <source>Download the account&apos;s agenda from the provider</source>
        <translation>Baixar a agenda da conta do provedor</translation>
    </message>
    <message>
        <location line="-112"/>
        <source>Import…</source>
        <translation>Importar…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add contacts from a CSV file, with a preview first</source>
        <translation>Adicionar contatos de um arquivo CSV, com uma pré-visualização antes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the contacts shown (filter included) to a CSV file</source>
        <translation>Salvar os contatos exibidos (com o filtro) em um arquivo CSV</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Contacts</source>
        <translation>Contatos</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>open until {time}</source>
        <translation>aberta até {time}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In agenda</source>
        <translation>Na agenda</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>{provider} offers no agenda to download; import a CSV file instead</source>
        <translation>{provider} não oferece agenda para baixar; importe um arquivo CSV</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>No contacts stored yet. Press Sync to download the agenda.</source>
        <translation>Ainda não há contatos salvos. Clique em Sincronizar para baixar a agenda.</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n matching contact(s)</source>
        <translation>
            <numerusform>%n contato encontrado</numerusform>
            <numerusform>%n contatos encontrados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-2"/>
        <source>%n contact(s)</source>
        <translation>
            <numerusform>%n contato</numerusform>
            <numerusform>%n contatos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Searching… %n matching contact(s) so far</source>
        <translation>
            <numerusform>Buscando… %n contato encontrado até agora</numerusform>
            <numerusform>Buscando… %n contatos encontrados até agora</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{count}+ matching contacts</source>
        <translation>{count}+ contatos encontrados</translation>
    </message>
    <message numerus="yes">
        <location line="+82"/>
        <source>%n could not be read and was left out (the first: {reason})</source>
        <translation>
            <numerusform>%n não pôde ser lido e ficou de fora (o primeiro: {reason})</numerusform>
            <numerusform>%n não puderam ser lidos e ficaram de fora (o primeiro: {reason})</numerusform>
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
        <translation>Baixando… {size}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Import contacts</source>
        <translation>Importar contatos</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>All files (*)</source>
        <translation>Todos os arquivos (*)</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+3"/>
        <source>Cannot import {file}</source>
        <translation>Não é possível importar {file}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Wait for the running task to finish, or cancel it, before importing.</source>
        <translation>Espere a tarefa em andamento terminar, ou cancele-a, antes de importar.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Storing contacts…</source>
        <translation>Salvando contatos…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import cancelled; the contacts stored and registered so far are kept.</source>
        <translation>Importação cancelada; os contatos salvos e registrados até agora são mantidos.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Registering %v of %m with {provider}</source>
        <translation>Registrando %v de %m em {provider}</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Imported %n contact(s)</source>
        <translation>
            <numerusform>%n contato importado</numerusform>
            <numerusform>%n contatos importados</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{stored}; registered {done} of {total} with {provider}, then it refused: {reason}</source>
        <translation>{stored}; {done} de {total} registrados em {provider}, depois recusou: {reason}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{stored}, registered with {provider}.</source>
        <translation>{stored}, registrados em {provider}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{stored}.</source>
        <translation>{stored}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export contacts</source>
        <translation>Exportar contatos</translation>
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
        <translation>Exportação cancelada; nenhum arquivo foi gravado.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Writing %v of %m contacts</source>
        <translation>Gravando %v de %m contatos</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export failed: {reason}</source>
        <translation>A exportação falhou: {reason}</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Exported %n contact(s) to {file}</source>
        <translation>
            <numerusform>%n contato exportado para {file}</numerusform>
            <numerusform>%n contatos exportados para {file}</numerusform>
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
        <translation>A sincronização da agenda falhou: {reason}</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Agenda synced: %n contact(s)</source>
        <translation>
            <numerusform>Agenda sincronizada: %n contato</numerusform>
            <numerusform>Agenda sincronizada: %n contatos</numerusform>
        </translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Agenda sync cancelled; the contacts stored so far are kept.</source>
        <translation>Sincronização cancelada; os contatos salvos até agora são mantidos.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Storing %v of %m contacts</source>
        <translation>Salvando %v de %m contatos</translation>
    </message>
</context>
<context>
    <name>AgendaTableModel</name>
    <message>
        <location filename="../../console/ui/models/agenda.py" line="+315"/>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Phone</source>
        <translation>Telefone</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Account</source>
        <translation>Conta</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>24 h window</source>
        <translation>Janela de 24 h</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last received</source>
        <translation>Último recebido</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>When the customer last wrote to this account</source>
        <translation>Quando o cliente escreveu para esta conta pela última vez</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Registered</source>
        <translation>Registrado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>In agenda</source>
        <translation>Na agenda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opt-in</source>
        <translation>Opt-in</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Registered with the provider: only registered contacts can receive messages</source>
        <translation>Registrado no provedor: só contatos registrados podem receber mensagens</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Listed in the provider&apos;s agenda: channels that validate contacts only send to them</source>
        <translation>Na agenda do provedor: os canais que validam contatos só enviam para eles</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This provider keeps no opt-in list</source>
        <translation>Este provedor não mantém uma lista de opt-in</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Loading…</source>
        <translation>Carregando…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>(no name)</source>
        <translation>(sem nome)</translation>
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
        <translation>n/d</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>closed</source>
        <translation>fechada</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>open until {time}</source>
        <translation>aberta até {time}</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+2"/>
        <source>yes</source>
        <translation>sim</translation>
    </message>
    <message>
        <location line="-2"/>
        <location line="+2"/>
        <source>no</source>
        <translation>não</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n unread message(s)</source>
        <translation>
            <numerusform>%n mensagem não lida</numerusform>
            <numerusform>%n mensagens não lidas</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This provider has no 24 h window</source>
        <translation>Este provedor não tem janela de 24 h</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Session closed: only a template can reopen it</source>
        <translation>Sessão fechada: só um modelo pode reabri-la</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Session open for {hours} h {minutes} min</source>
        <translation>Sessão aberta por {hours} h {minutes} min</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Registered {time}</source>
        <translation>Registrado em {time}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No longer listed in the provider&apos;s agenda</source>
        <translation>Não está mais na agenda do provedor</translation>
    </message>
</context>
<context>
    <name>AttachmentControl</name>
    <message>
        <location filename="../../console/ui/sender/attachments.py" line="+47"/>
        <source>Attach</source>
        <translation>Anexar</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A link to a file…</source>
        <translation>Um link para um arquivo…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A place…</source>
        <translation>Um local…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Remove</source>
        <translation>Remover</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send the message without the attachment</source>
        <translation>Enviar a mensagem sem o anexo</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>{provider} does not send files or places</source>
        <translation>{provider} não envia arquivos nem locais</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send a file by its link, or a place</source>
        <translation>Enviar um arquivo pelo link, ou um local</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Attached {kind}: {name}</source>
        <translation>Anexo ({kind}): {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Attached place: {name}</source>
        <translation>Local anexado: {name}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Select a contact to check it.</source>
        <translation>Selecione um contato para verificá-lo.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Checking…</source>
        <translation>Verificando…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>✓ Ready to send</source>
        <translation>✓ Pronto para enviar</translation>
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
        <translation>Na fila para o servidor da equipe · {time}</translation>
    </message>
    <message>
        <location line="+124"/>
        <source>Image unavailable</source>
        <translation>Imagem indisponível</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Loading image…</source>
        <translation>Carregando imagem…</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Open map</source>
        <translation>Abrir mapa</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Image</source>
        <translation>Imagem</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Video</source>
        <translation>Vídeo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audio</source>
        <translation>Áudio</translation>
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
        <translation>Retomar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Discard</source>
        <translation>Descartar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Skip the recipients not sent yet and close the run</source>
        <translation>Pular os destinatários ainda não enviados e encerrar o envio</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>One number per line; its parameters may follow, separated by ; or , (else the form&apos;s values are used)</source>
        <translation>Um número por linha; os parâmetros podem vir depois, separados por ; ou , (senão, usam-se os valores do formulário)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Load CSV…</source>
        <translation>Carregar CSV…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A header row, a phone column and a column per parameter</source>
        <translation>Uma linha de cabeçalho, uma coluna de telefone e uma coluna por parâmetro</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use pasted numbers</source>
        <translation>Usar os números colados</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Start</source>
        <translation>Iniciar</translation>
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
        <translation>Parar após o envio em andamento; o resto pode ser retomado depois</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Summary of the bulk send</source>
        <translation>Resumo do envio em massa</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Export CSV…</source>
        <translation>Exportar CSV…</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Template: {name}</source>
        <translation>Modelo: {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a template in the Template tab first.</source>
        <translation>Escolha primeiro um modelo na aba Modelo.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source> from {file}</source>
        <translation> de {file}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Fix these lines before starting:</source>
        <translation>Corrija estas linhas antes de iniciar:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Numbers this console does not know; check them, then confirm:</source>
        <translation>Números que este console não conhece; verifique-os e depois confirme:</translation>
    </message>
    <message>
        <location line="-120"/>
        <source>Send to these numbers anyway</source>
        <translation>Enviar para estes números mesmo assim</translation>
    </message>
    <message numerus="yes">
        <location line="+114"/>
        <location line="+8"/>
        <source>…and %n more</source>
        <translation>
            <numerusform>…e mais %n</numerusform>
            <numerusform>…e mais %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-3"/>
        <location line="+6"/>
        <source>%n recipient(s)</source>
        <translation>
            <numerusform>%n destinatário</numerusform>
            <numerusform>%n destinatários</numerusform>
        </translation>
    </message>
    <message>
        <location line="-139"/>
        <location line="+145"/>
        <source>Recipients</source>
        <translation>Destinatários</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV files (*.csv *.txt)</source>
        <translation>Arquivos CSV (*.csv *.txt)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{file} cannot be read: {reason}</source>
        <translation>Não é possível ler {file}: {reason}</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Bulk send finished: {counts}</source>
        <translation>Envio em massa concluído: {counts}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Queued for the team server: it sends the run once it answers.</source>
        <translation>Na fila para o servidor da equipe: ele o envia assim que responder.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>sent {sent} · failed {failed} · verify {verify} · not sent yet {left}</source>
        <translation>enviados {sent} · com falha {failed} · a verificar {verify} · não enviados {left}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{provider}: sends leave at least {seconds:g} s apart.</source>
        <translation>{provider}: os envios saem com pelo menos {seconds:g} s de intervalo.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{provider}: one send after another.</source>
        <translation>{provider}: um envio após o outro.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cancelled: {counts}</source>
        <translation>Cancelado: {counts}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Finished: {counts}</source>
        <translation>Concluído: {counts}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Unfinished bulk send of {template} on {account}: {done} of {total} done, {left} not sent yet.</source>
        <translation>Envio em massa não concluído de {template} em {account}: {done} de {total} feitos, {left} não enviados.</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n may have left already and will not be sent again: verify them.</source>
        <translation>
            <numerusform>%n pode já ter saído e não será enviado de novo: verifique-o.</numerusform>
            <numerusform>%n podem já ter saído e não serão enviados de novo: verifique-os.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Export the summary</source>
        <translation>Exportar o resumo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV files (*.csv)</source>
        <translation>Arquivos CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Not exported: {reason}</source>
        <translation>Não exportado: {reason}</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n row(s) exported to {file}</source>
        <translation>
            <numerusform>%n linha exportada para {file}</numerusform>
            <numerusform>%n linhas exportadas para {file}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CachedWindow</name>
    <message>
        <location filename="../../console/ui/start/cached_window.py" line="+158"/>
        <source>Sending is possible once the workspace is open: a moment.</source>
        <translation>O envio fica disponível assim que o espaço de trabalho abrir: um momento.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Opening the workspace…</source>
        <translation>Abrindo o espaço de trabalho…</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Not sent yet: the workspace is still opening. Your message stays here; send it again in a moment.</source>
        <translation>Ainda não enviada: o espaço de trabalho ainda está abrindo. Sua mensagem fica aqui; envie de novo em um momento.</translation>
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
        <translation>Neste computador</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At a team relay</source>
        <translation>Em um relay da equipe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Off</source>
        <translation>Desativados</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>This computer</source>
        <translation>Este computador</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Centralita listens on a port of this computer; your reverse proxy or tunnel must forward the public HTTPS address below to it.</source>
        <translation>O Centralita escuta em uma porta deste computador; seu proxy reverso ou túnel deve encaminhar para ela o endereço HTTPS público abaixo.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Listen on</source>
        <translation>Escutar em</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Public address</source>
        <translation>Endereço público</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>`centralita relay token` on the relay; blank keeps the known one</source>
        <translation>`centralita relay token` no relay; em branco mantém o conhecido</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Team relay</source>
        <translation>Relay da equipe</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Relay address</source>
        <translation>Endereço do relay</translation>
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
        <translation>Receber os callbacks de {account}:</translation>
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
        <translation>Os callbacks estão desativados: {provider} não pode informar este console.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Centralita gave this URL to {provider} itself.</source>
        <translation>O próprio Centralita deu esta URL a {provider}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Give this URL to {provider} as the account&apos;s callback URL.</source>
        <translation>Informe esta URL a {provider} como URL de callback da conta.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>none</source>
        <translation>nenhum</translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <location filename="../../console/ui/panes/chat.py" line="+101"/>
        <source>Conversation</source>
        <translation>Conversa</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Choose a conversation in the inbox, or a contact in the agenda, to see it here.</source>
        <translation>Escolha uma conversa na caixa de entrada, ou um contato na agenda, para vê-la aqui.</translation>
    </message>
    <message>
        <location line="+120"/>
        <source>Older messages could not be fetched from the team server: {reason}</source>
        <translation>Não foi possível trazer as mensagens anteriores do servidor da equipe: {reason}</translation>
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
        <translation>Abrir arquivo</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Asking the provider…</source>
        <translation>Consultando o provedor…</translation>
    </message>
    <message>
        <location filename="../../console/ui/chat/verify_text.py" line="+22"/>
        <source>{provider} does not know this message yet. Check with {provider} before sending it again.</source>
        <translation>{provider} ainda não conhece esta mensagem. Consulte {provider} antes de enviá-la de novo.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{provider} says this message is {state}.</source>
        <translation>Segundo {provider}, esta mensagem está {state}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Could not ask {provider}: {reason}</source>
        <translation>Não foi possível consultar {provider}: {reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{provider} never answered with an id for this message, so it cannot be asked about it. Check with {provider} whether it arrived before sending it again.</source>
        <translation>{provider} nunca respondeu com um id para esta mensagem, então não é possível consultá-lo. Verifique com {provider} se ela chegou antes de enviá-la de novo.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{provider} cannot be asked about a message&apos;s state. Check with {provider} whether it arrived before sending it again.</source>
        <translation>Não é possível consultar {provider} sobre o estado de uma mensagem. Verifique com {provider} se ela chegou antes de enviá-la de novo.</translation>
    </message>
</context>
<context>
    <name>ComposerTab</name>
    <message>
        <location filename="../../console/ui/sender/composer.py" line="+80"/>
        <source>Use a template (Ctrl+T)</source>
        <translation>Usar um modelo (Ctrl+T)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Message</source>
        <translation>Mensagem</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Send</source>
        <translation>Enviar</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Forward to bot</source>
        <translation>Passar ao bot</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Record the text as the customer&apos;s message and hand it to the provider&apos;s bot; its answers appear in the chat.</source>
        <translation>Registrar o texto como mensagem do cliente e passá-lo ao bot do provedor; as respostas aparecem no chat.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>No contact selected</source>
        <translation>Nenhum contato selecionado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>As the customer: {contact}</source>
        <translation>Como o cliente: {contact}</translation>
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
        <translation>Ainda não enviada: leia o aviso e depois envie mesmo assim ou altere a mensagem.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not sent: {reason}</source>
        <translation>Não enviada: {reason}</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Message sent to {contact}</source>
        <translation>Mensagem enviada para {contact}</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>This contact has no name: replace {variable} before sending.</source>
        <translation>Este contato não tem nome: substitua {variable} antes de enviar.</translation>
    </message>
    <message>
        <location line="-220"/>
        <source>Write a message… (/ for quick replies, Ctrl+Enter sends)</source>
        <translation>Escreva uma mensagem… (/ para respostas rápidas, Ctrl+Enter envia)</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Session closed as far as this console knows: a template reopens it; text asks you to confirm.</source>
        <translation>Sessão fechada, até onde este console sabe: um modelo a reabre; o texto pede confirmação.</translation>
    </message>
    <message>
        <location line="+205"/>
        <location line="+3"/>
        <source>Not forwarded: {reason}</source>
        <translation>Não passada ao bot: {reason}</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Not forwarded yet: read the warning, then send anyway or change the message.</source>
        <translation>Ainda não passada ao bot: leia o aviso e depois envie mesmo assim ou altere a mensagem.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Handed to the bot as a message from {contact}</source>
        <translation>Passada ao bot como mensagem de {contact}</translation>
    </message>
</context>
<context>
    <name>ContactNotesPanel</name>
    <message>
        <location filename="../../console/ui/inbox/notes_panel.py" line="+49"/>
        <source>A short note about this contact</source>
        <translation>Uma nota curta sobre este contato</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>e.g. vip, wholesale</source>
        <translation>ex.: vip, atacado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Labels, separated by commas; Enter keeps them</source>
        <translation>Etiquetas separadas por vírgulas; Enter as salva</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;History…</source>
        <translation>&amp;Histórico…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every version of this note the team kept, with who wrote it and when</source>
        <translation>Cada versão desta nota que a equipe guardou, com quem a escreveu e quando</translation>
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
        <translation>Nenhuma conversa aberta</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../console/ui/dialogs/crash.py" line="+54"/>
        <source>Unexpected error</source>
        <translation>Erro inesperado</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Something went wrong inside Centralita. The window keeps working; if something looks wrong, restart it. The report below has passwords, tokens and phone numbers masked: copy it for whoever looks after Centralita.</source>
        <translation>Algo deu errado dentro do Centralita. A janela continua funcionando; se algo parecer errado, reinicie-o. O relatório abaixo tem senhas, tokens e números de telefone mascarados: copie-o para quem cuida do Centralita.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Report</source>
        <translation>Relatório</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Copy report</source>
        <translation>Copiar relatório</translation>
    </message>
    <message numerus="yes">
        <location line="+19"/>
        <source>Errors since this one: %n. They are in the log too.</source>
        <translation>
            <numerusform>Erros desde este: %n. Também estão no registro.</numerusform>
            <numerusform>Erros desde este: %n. Também estão no registro.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FeedbackLabel</name>
    <message>
        <location filename="../../console/ui/sender/feedback.py" line="+42"/>
        <source>the provider refused it</source>
        <translation>o provedor recusou</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not sent: {reason}</source>
        <translation>Não enviada: {reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>It may or may not have been sent; check the timeline before sending it again.</source>
        <translation>Pode ter sido enviada ou não; confira a linha do tempo antes de enviá-la de novo.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Queued: the team server cannot be reached now; it gets it as soon as it answers.</source>
        <translation>Na fila: o servidor da equipe não responde agora; ele o recebe assim que responder.</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../console/ui/search/find_bar.py" line="+44"/>
        <location line="+1"/>
        <source>Find in this conversation</source>
        <translation>Buscar nesta conversa</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Older match (Enter)</source>
        <translation>Ocorrência anterior (Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Newer match (Shift+Enter)</source>
        <translation>Ocorrência seguinte (Shift+Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close (Esc)</source>
        <translation>Fechar (Esc)</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>No matches</source>
        <translation>Nenhuma ocorrência</translation>
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
        <translation>Verificar agora</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test every account&apos;s connection now</source>
        <translation>Testar agora a conexão de todas as contas</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Status polling: starting</source>
        <translation>Consulta de status: iniciando</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Status polling: on</source>
        <translation>Consulta de status: ativa</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Status polling: stopped</source>
        <translation>Consulta de status: parada</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Asks the providers that answer polls for the state of messages in flight</source>
        <translation>Pergunta aos provedores que permitem consultas o estado das mensagens em andamento</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Callbacks: not used</source>
        <translation>Callbacks: sem uso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No account receives callbacks</source>
        <translation>Nenhuma conta recebe callbacks</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Callbacks: cannot read the relay</source>
        <translation>Callbacks: não é possível ler o relay</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped</source>
        <translation>parado</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Callbacks: receiving</source>
        <translation>Callbacks: recebendo</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Team: cannot reach the server</source>
        <translation>Equipe: servidor inacessível</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Team: following</source>
        <translation>Equipe: acompanhando</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Accounts: {states}</source>
        <translation>Contas: {states}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Accounts: none</source>
        <translation>Contas: nenhuma</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Last checked less than a minute ago</source>
        <translation>Última verificação há menos de um minuto</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Last checked %n min ago</source>
        <translation>
            <numerusform>Última verificação há %n min</numerusform>
            <numerusform>Última verificação há %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Last checked %n h ago</source>
        <translation>
            <numerusform>Última verificação há %n h</numerusform>
            <numerusform>Última verificação há %n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n not checked yet</source>
        <translation>
            <numerusform>%n não verificada</numerusform>
            <numerusform>%n não verificadas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n signing in</source>
        <translation>
            <numerusform>%n entrando</numerusform>
            <numerusform>%n entrando</numerusform>
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
            <numerusform>%n com credenciais incorretas</numerusform>
            <numerusform>%n com credenciais incorretas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n unreachable</source>
        <translation>
            <numerusform>%n inacessível</numerusform>
            <numerusform>%n inacessíveis</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n with an error</source>
        <translation>
            <numerusform>%n com erro</numerusform>
            <numerusform>%n com erros</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportPreview</name>
    <message>
        <location filename="../../console/ui/agenda/import_dialog.py" line="+41"/>
        <source>No phone number</source>
        <translation>Sem número de telefone</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Invalid number: {reason}</source>
        <translation>Número inválido: {reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Same number as line {line}</source>
        <translation>Mesmo número da linha {line}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Number this console does not know: {reason}</source>
        <translation>Número que este console não conhece: {reason}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The file holds no contacts.</source>
        <translation>O arquivo não contém contatos.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The file cannot be read as a table of contacts. Is it a CSV file?</source>
        <translation>O arquivo não pode ser lido como uma tabela de contatos. É um arquivo CSV?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none</source>
        <translation>nenhuma</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No column of phone numbers was found (columns: {columns}). Name it “phone” or “teléfono”.</source>
        <translation>Nenhuma coluna de números de telefone foi encontrada (colunas: {columns}). Dê a ela o nome “phone” ou “telefone”.</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <location line="+55"/>
        <source>Import contacts into {account}</source>
        <translation>Importar contatos para {account}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The contacts will also be registered with {provider}, {batch} per request.</source>
        <translation>Os contatos também serão registrados em {provider}, {batch} por solicitação.</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Show only the rows with problems (%n)</source>
        <translation>
            <numerusform>Mostrar só as linhas com problemas (%n)</numerusform>
            <numerusform>Mostrar só as linhas com problemas (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>Import the %n number(s) this console does not know anyway</source>
        <translation>
            <numerusform>Importar mesmo assim o número que este console não conhece</numerusform>
            <numerusform>Importar mesmo assim os %n números que este console não conhece</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Numbering plans lag the ranges countries open: check these numbers first</source>
        <translation>Os planos de numeração ficam atrás das faixas que os países abrem: verifique estes números antes</translation>
    </message>
    <message numerus="yes">
        <location line="-5"/>
        <source>Showing the first %n row(s).</source>
        <translation>
            <numerusform>Mostrando a primeira linha.</numerusform>
            <numerusform>Mostrando as primeiras %n linhas.</numerusform>
        </translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Contacts in the file</source>
        <translation>Contatos do arquivo</translation>
    </message>
    <message numerus="yes">
        <location line="+45"/>
        <source>Import %n contact(s)</source>
        <translation>
            <numerusform>Importar %n contato</numerusform>
            <numerusform>Importar %n contatos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n contact(s) ready to import</source>
        <translation>
            <numerusform>%n contato pronto para importar</numerusform>
            <numerusform>%n contatos prontos para importar</numerusform>
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
            <numerusform>%n linha com problemas será pulada</numerusform>
            <numerusform>%n linhas com problemas serão puladas</numerusform>
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
        <translation>(nenhuma: os contatos levam o nome do número)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tab</source>
        <translation>tabulação</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name column: {name} · Phone column: {phone} · {encoding}, separated by “{delimiter}”</source>
        <translation>Coluna de nome: {name} · Coluna de telefone: {phone} · {encoding}, separado por “{delimiter}”</translation>
    </message>
</context>
<context>
    <name>InboxHold</name>
    <message>
        <location filename="../../console/ui/inbox/filters.py" line="+67"/>
        <source>Mine</source>
        <translation>Minhas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unassigned</source>
        <translation>Sem responsável</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All</source>
        <translation>Todas</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The conversations you have</source>
        <translation>As conversas que estão com você</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The conversations no agent has</source>
        <translation>As conversas que não estão com nenhum agente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every agent&apos;s conversations and those nobody has</source>
        <translation>As conversas de todos os agentes e as que não estão com ninguém</translation>
    </message>
</context>
<context>
    <name>InboxKeys</name>
    <message>
        <location filename="../../console/ui/inbox/actions.py" line="+59"/>
        <source>Find a conversation</source>
        <translation>Buscar uma conversa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back to the conversations list</source>
        <translation>Voltar à lista de conversas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous conversation</source>
        <translation>Conversa anterior</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next conversation</source>
        <translation>Próxima conversa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next waiting conversation</source>
        <translation>Próxima conversa em espera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolve the conversation</source>
        <translation>Resolver a conversa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send and resolve</source>
        <translation>Enviar e resolver</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Take the conversation from the bot</source>
        <translation>Assumir a conversa do bot</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give the conversation back to the bot</source>
        <translation>Devolver a conversa ao bot</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New conversation…</source>
        <translation>Nova conversa…</translation>
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
        <translation>Agora você responde esta conversa; o bot não a recebe mais.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The bot answers this conversation again.</source>
        <translation>O bot volta a responder esta conversa.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No bot answers this conversation.</source>
        <translation>Nenhum bot responde esta conversa.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The bot already answers this conversation.</source>
        <translation>O bot já responde esta conversa.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You already answer this conversation.</source>
        <translation>Você já responde esta conversa.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Nobody is waiting for an answer.</source>
        <translation>Ninguém está esperando resposta.</translation>
    </message>
</context>
<context>
    <name>InboxPane</name>
    <message>
        <location filename="../../console/ui/inbox/pane.py" line="+105"/>
        <source>Show one account, or the contacts with one label</source>
        <translation>Mostrar uma conta, ou os contatos com uma etiqueta</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Find a conversation</source>
        <translation>Buscar uma conversa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name or number (Ctrl+K)</source>
        <translation>Nome ou número (Ctrl+K)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Conversations</source>
        <translation>Conversas</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>All accounts</source>
        <translation>Todas as contas</translation>
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
            <numerusform>%n conversa</numerusform>
            <numerusform>%n conversas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InboxTexts</name>
    <message>
        <location filename="../../console/ui/inbox/texts.py" line="+30"/>
        <location filename="../../console/ui/labels.py" line="+130"/>
        <source>template {name}</source>
        <translation>modelo {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(nothing written yet)</source>
        <translation>(nada escrito ainda)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>bot</source>
        <translation>bot</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>bot finished, waiting for an agent</source>
        <translation>o bot terminou, espera um agente</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>closed</source>
        <translation>fechada</translation>
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
        <translation>Abertas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unread</source>
        <translation>Não lidas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting</source>
        <translation>Em espera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closing &lt; 2 h</source>
        <translation>Fecha em &lt; 2 h</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolved</source>
        <translation>Resolvidas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bot finished</source>
        <translation>Bot terminou</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Every open conversation, newest activity first</source>
        <translation>Todas as conversas abertas, a atividade mais recente primeiro</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conversations with messages not read yet</source>
        <translation>Conversas com mensagens ainda não lidas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The customer wrote last: they wait for an answer</source>
        <translation>O cliente escreveu por último: espera uma resposta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The 24 h window closes within 2 hours: answer before only a template can reach them</source>
        <translation>A janela de 24 h fecha em menos de 2 horas: responda antes que só um modelo possa alcançá-lo</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Conversations marked as resolved</source>
        <translation>Conversas marcadas como resolvidas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The bot finished the chat: the customer waits for an agent</source>
        <translation>O bot terminou o chat: o cliente espera um agente</translation>
    </message>
</context>
<context>
    <name>JoinTeamDialog</name>
    <message>
        <location filename="../../console/ui/dialogs/join_team.py" line="+22"/>
        <source>Join a team</source>
        <translation>Entrar em uma equipe</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your team&apos;s administrator gives you the server&apos;s address and your agent token (`centralita server agents add`).</source>
        <translation>Quem administra a sua equipe lhe passa o endereço do servidor e o seu token de agente (`centralita server agents add`).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Join</source>
        <translation>Entrar</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Server address</source>
        <translation>Endereço do servidor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agent token</source>
        <translation>Token de agente</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Checking the token with the server…</source>
        <translation>Verificando o token com o servidor…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not joined: {reason}</source>
        <translation>Não entrou: {reason}</translation>
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
        <translation>Servidor da equipe</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Accounts</source>
        <translation>Contas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inbox</source>
        <translation>Caixa de entrada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agenda</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sender</source>
        <translation>Envio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timeline</source>
        <translation>Linha do tempo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contact</source>
        <translation>Contato</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Secrets: {where}</source>
        <translation>Segredos: {where}</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>&amp;File</source>
        <translation>&amp;Arquivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quick replies…</source>
        <translation>&amp;Respostas rápidas…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Join a team…</source>
        <translation>&amp;Entrar em uma equipe…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Try team mode…</source>
        <translation>E&amp;xperimentar o modo equipe…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Configurações…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Quit</source>
        <translation>&amp;Sair</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Go</source>
        <translation>&amp;Ir</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find a contact in the agenda</source>
        <translation>Buscar um contato na agenda</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send a template</source>
        <translation>Enviar um modelo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Take the conversation (team)</source>
        <translation>Assumir a conversa (equipe)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transfer the conversation… (team)</source>
        <translation>Transferir a conversa… (equipe)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Release the conversation (team)</source>
        <translation>Liberar a conversa (equipe)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;View</source>
        <translation>&amp;Exibir</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Reset layout</source>
        <translation>&amp;Restaurar o layout</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Latest &amp;notice</source>
        <translation>Último &amp;aviso</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Set-aside &amp;callbacks…</source>
        <translation>&amp;Callbacks separados…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Help</source>
        <translation>Aj&amp;uda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Atalhos de teclado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;logs folder</source>
        <translation>Abrir pasta de &amp;registros</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About Centralita</source>
        <translation>&amp;Sobre o Centralita</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Send the message</source>
        <translation>Enviar a mensagem</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send anyway, after a warning</source>
        <translation>Enviar mesmo assim, após um aviso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close a dialog</source>
        <translation>Fechar uma janela de diálogo</translation>
    </message>
</context>
<context>
    <name>MediaLinkDialog</name>
    <message>
        <location filename="../../console/ui/sender/attach_dialogs.py" line="+65"/>
        <source>Attach a file by its link</source>
        <translation>Anexar um arquivo pelo link</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>optional: the name the customer sees</source>
        <translation>opcional: o nome que o cliente vê</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Link</source>
        <translation>Link</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>File name</source>
        <translation>Nome do arquivo</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Type a link that starts with https:// (or http://).</source>
        <translation>Digite um link que comece com https:// (ou http://).</translation>
    </message>
</context>
<context>
    <name>MessageListModel</name>
    <message>
        <location filename="../../console/ui/models/messages.py" line="+166"/>
        <source>Queued for the team server</source>
        <translation>Na fila para o servidor da equipe</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The provider gave no reason.</source>
        <translation>O provedor não informou o motivo.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Right-click and choose Verify… before sending it again.</source>
        <translation>Clique com o botão direito e escolha Verificar… antes de enviá-la de novo.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Queued: the team server has not taken it yet; it is posted again when the server answers.</source>
        <translation>Na fila: o servidor da equipe ainda não o recebeu; é enviado de novo quando o servidor responder.</translation>
    </message>
</context>
<context>
    <name>MessageSearchDialog</name>
    <message>
        <location filename="../../console/ui/search/search_dialog.py" line="+28"/>
        <location line="+6"/>
        <source>Search messages</source>
        <translation>Buscar mensagens</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Words of a message, on every conversation</source>
        <translation>Palavras de uma mensagem, em todas as conversas</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All accounts</source>
        <translation>Todas as contas</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Messages found</source>
        <translation>Mensagens encontradas</translation>
    </message>
    <message numerus="yes">
        <location line="+40"/>
        <source>Type at least %n characters to search every conversation.</source>
        <translation>
            <numerusform>Digite pelo menos %n caractere para buscar em todas as conversas.</numerusform>
            <numerusform>Digite pelo menos %n caracteres para buscar em todas as conversas.</numerusform>
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
            <numerusform>%n mensagem encontrada até agora; buscando mensagens mais antigas…</numerusform>
            <numerusform>%n mensagens encontradas até agora; buscando mensagens mais antigas…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No message contains “{query}”.</source>
        <translation>Nenhuma mensagem contém “{query}”.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n message(s) found; scroll for older ones.</source>
        <translation>
            <numerusform>%n mensagem encontrada; role para ver as mais antigas.</numerusform>
            <numerusform>%n mensagens encontradas; role para ver as mais antigas.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n message(s) found.</source>
        <translation>
            <numerusform>%n mensagem encontrada.</numerusform>
            <numerusform>%n mensagens encontradas.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NewConversationDialog</name>
    <message>
        <location filename="../../console/ui/inbox/new_conversation.py" line="+33"/>
        <source>New conversation</source>
        <translation>Nova conversa</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The number as people write it, e.g. 55 4433 2211</source>
        <translation>O número como as pessoas o escrevem, ex.: 55 4433 2211</translation>
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
        <translation>&amp;Conta:</translation>
    </message>
</context>
<context>
    <name>NoteHistoryDialog</name>
    <message>
        <location filename="../../console/ui/dialogs/note_history.py" line="+23"/>
        <source>The note&apos;s history</source>
        <translation>Histórico da nota</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every version of the note about {contact}, newest first.</source>
        <translation>Cada versão da nota sobre {contact}, a mais recente primeiro.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Versions of the note</source>
        <translation>Versões da nota</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Asking the team server…</source>
        <translation>Perguntando ao servidor da equipe…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>(removed the note)</source>
        <translation>(apagou a nota)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{agent}, {when}</source>
        <translation>{agent}, {when}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The note has never been written.</source>
        <translation>A nota nunca foi escrita.</translation>
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
        <translation>Advertência</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Dismiss (Esc)</source>
        <translation>Dispensar (Esc)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dismiss the notice</source>
        <translation>Dispensar o aviso</translation>
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
        <translation>um cliente</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Message to {contact} not sent</source>
        <translation>Mensagem para {contact} não enviada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the provider refused it</source>
        <translation>o provedor recusou</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{text}”: {reason}</source>
        <translation>“{text}”: {reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New message from {contact}</source>
        <translation>Nova mensagem de {contact}</translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>%n unread conversation(s)</source>
        <translation>
            <numerusform>%n conversa não lida</numerusform>
            <numerusform>%n conversas não lidas</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A {provider} callback was set aside</source>
        <translation>Um callback de {provider} foi separado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{reason}. It said: {body}</source>
        <translation>{reason}. Dizia: {body}</translation>
    </message>
</context>
<context>
    <name>PlaceDialog</name>
    <message>
        <location filename="../../console/ui/sender/attach_dialogs.py" line="+12"/>
        <source>Send a place</source>
        <translation>Enviar um local</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Latitude, longitude</source>
        <translation>Latitude, longitude</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>Endereço</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Type the latitude and longitude separated by a comma, e.g. -34.9058, -56.1913.</source>
        <translation>Digite a latitude e a longitude separadas por vírgula, ex.: -34.9058, -56.1913.</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <location filename="../../console/ui/agenda/import_dialog.py" line="-109"/>
        <source>Line</source>
        <translation>Linha</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Phone</source>
        <translation>Telefone</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>ready</source>
        <translation>pronto</translation>
    </message>
</context>
<context>
    <name>QuickRepliesDialog</name>
    <message>
        <location filename="../../console/ui/dialogs/quick_replies.py" line="+44"/>
        <location line="+8"/>
        <source>Quick replies</source>
        <translation>Respostas rápidas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Offered on</source>
        <translation>Disponível em</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Text</source>
        <translation>Texto</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Add…</source>
        <translation>Adicionar…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Edit…</source>
        <translation>Editar…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete</source>
        <translation>Excluir</translation>
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
        <translation>Todas as contas</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Not deleted: {reason}</source>
        <translation>Não excluído: {reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deleted /{name}.</source>
        <translation>/{name} excluída.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import quick replies</source>
        <translation>Importar respostas rápidas</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export quick replies</source>
        <translation>Exportar respostas rápidas</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Nothing imported: {reason}</source>
        <translation>Nada importado: {reason}</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n quick reply(ies) imported.</source>
        <translation>
            <numerusform>%n resposta rápida importada.</numerusform>
            <numerusform>%n respostas rápidas importadas.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not exported: {reason}</source>
        <translation>Não exportado: {reason}</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n quick reply(ies) written to {file}.</source>
        <translation>
            <numerusform>%n resposta rápida gravada em {file}.</numerusform>
            <numerusform>%n respostas rápidas gravadas em {file}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QuickReplyForm</name>
    <message>
        <location filename="../../console/ui/dialogs/quick_reply_form.py" line="+38"/>
        <source>Quick reply</source>
        <translation>Resposta rápida</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Quick reply {name}</source>
        <translation>Resposta rápida {name}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>what you type after /, e.g. saludo</source>
        <translation>o que você digita depois de /, ex.: saludo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every account</source>
        <translation>Todas as contas</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Hola {nombre}, …</source>
        <translation>Olá {nombre}, …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{nombre} or {name}: the contact&apos;s name; {numero} or {number}: their number, as people write it.</source>
        <translation>{nombre} ou {name}: o nome do contato; {numero} ou {number}: o número, como as pessoas o escrevem.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>optional: https://… a file sent with the reply</source>
        <translation>opcional: https://… um arquivo enviado com a resposta</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offered on</source>
        <translation>Disponível em</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text</source>
        <translation>Texto</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>File link</source>
        <translation>Link do arquivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File kind</source>
        <translation>Tipo de arquivo</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Not saved: {reason}</source>
        <translation>Não salvo: {reason}</translation>
    </message>
</context>
<context>
    <name>SandboxBanner</name>
    <message>
        <location filename="../../console/ui/banner.py" line="+17"/>
        <source>Sandbox — simulated providers; nothing leaves this computer</source>
        <translation>Sandbox — provedores simulados; nada sai deste computador</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Work with my real accounts…</source>
        <translation>Trabalhar com minhas contas reais…</translation>
    </message>
</context>
<context>
    <name>SendAnywayBar</name>
    <message>
        <location filename="../../console/ui/sender/send_anyway.py" line="+29"/>
        <source>Send &amp;anyway</source>
        <translation>Enviar &amp;mesmo assim</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send despite the warning above ({keys})</source>
        <translation>Enviar apesar do aviso acima ({keys})</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>A number this console does not know.</source>
        <translation>Um número que este console não conhece.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A media link this console could not check.</source>
        <translation>Um link de mídia que este console não pôde verificar.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A 24 h window this console did not see open.</source>
        <translation>Uma janela de 24 h que este console não viu aberta.</translation>
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
        <translation>Mensagem</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Template</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send to many</source>
        <translation>Envio em massa</translation>
    </message>
</context>
<context>
    <name>SessionBanner</name>
    <message>
        <location filename="../../console/ui/chat/session_banner.py" line="+32"/>
        <source>No message from this customer has reached this console: their 24 h window is unknown</source>
        <translation>Nenhuma mensagem deste cliente chegou a este console: a janela de 24 h é desconhecida</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Session closed: only a template can reopen it</source>
        <translation>Sessão fechada: só um modelo pode reabri-la</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Session open for {time}</source>
        <translation>Sessão aberta por {time}</translation>
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
        <translation>menos de um minuto</translation>
    </message>
</context>
<context>
    <name>SetAsideCallbacks</name>
    <message>
        <location filename="../../console/ui/models/set_aside.py" line="+68"/>
        <source>Received</source>
        <translation>Recebido</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Provider</source>
        <translation>Provedor</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Why it was set aside</source>
        <translation>Por que foi separado</translation>
    </message>
</context>
<context>
    <name>SetAsideDialog</name>
    <message>
        <location filename="../../console/ui/dialogs/set_aside.py" line="+33"/>
        <location line="+4"/>
        <source>Set-aside callbacks</source>
        <translation>Callbacks separados</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>No callback has been set aside since the console started.</source>
        <translation>Nenhum callback foi separado desde que o console foi aberto.</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+4"/>
        <source>The body as the provider posted it</source>
        <translation>O corpo como o provedor o enviou</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy body</source>
        <translation>Copiar corpo</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../console/ui/dialogs/settings.py" line="+14"/>
        <source>Settings</source>
        <translation>Configurações</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Same as the system ({language})</source>
        <translation>O do sistema ({language})</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Language:</source>
        <translation>&amp;Idioma:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Play a &amp;sound when a customer writes</source>
        <translation>Tocar um &amp;som quando um cliente escrever</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The window is rebuilt in the new language with the same contact and draft open; a bulk send in progress stops and can be resumed.</source>
        <translation>A janela é refeita no novo idioma com o mesmo contato e rascunho abertos; um envio em massa em andamento para e pode ser retomado.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../console/ui/dialogs/shortcuts.py" line="+12"/>
        <location line="+2"/>
        <source>Keyboard shortcuts</source>
        <translation>Atalhos de teclado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Action</source>
        <translation>Ação</translation>
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
        <translation>Selecione uma conta para ver as mensagens de hoje.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No messages sent today from {account}.</source>
        <translation>Nenhuma mensagem enviada hoje de {account}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Today&apos;s messages from {account}, by state</source>
        <translation>Mensagens de hoje de {account}, por estado</translation>
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
        <translation>O Centralita não consegue abrir seus dados</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Restore the last backup</source>
        <translation>Restaurar o último backup</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start a new profile (keep this file aside)</source>
        <translation>Começar um perfil novo (guardando este arquivo à parte)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start a new relay store (keep this file aside)</source>
        <translation>Começar um armazenamento de callbacks novo (guardando este arquivo à parte)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Quit</source>
        <translation>Sair</translation>
    </message>
</context>
<context>
    <name>TeamBar</name>
    <message>
        <location filename="../../console/ui/chat/team_bar.py" line="+39"/>
        <source>Team</source>
        <translation>Equipe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Transfer…</source>
        <translation>Transferir…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pass this conversation to a colleague, with a note</source>
        <translation>Passar esta conversa para um colega, com uma nota</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Release</source>
        <translation>Liberar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Let this conversation go: nobody has it</source>
        <translation>Liberar esta conversa: ela não fica com ninguém</translation>
    </message>
    <message numerus="yes">
        <location line="+62"/>
        <source>{names} is on this conversation</source>
        <translation>
            <numerusform>{names} está nesta conversa</numerusform>
            <numerusform>{names} estão nesta conversa</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You have it</source>
        <translation>Está com você</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{name} has it</source>
        <translation>{name} está com ela</translation>
    </message>
</context>
<context>
    <name>TeamTrialDialog</name>
    <message>
        <location filename="../../console/ui/dialogs/team_trial.py" line="+29"/>
        <source>Try team mode</source>
        <translation>Experimentar o modo equipe</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Starting PostgreSQL and a team server on the sandbox…</source>
        <translation>Iniciando o PostgreSQL e um servidor da equipe sobre o sandbox…</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Team mode is on: this console is agent {agent} of the team server.</source>
        <translation>O modo equipe está ativo: este console é o agente {agent} do servidor da equipe.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Team server: {url}</source>
        <translation>Servidor da equipe: {url}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Its accounts: {accounts}</source>
        <translation>Contas dele: {accounts}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>To try a transfer, open a second console with a data folder of its own:</source>
        <translation>Para experimentar uma transferência, abra um segundo console com uma pasta de dados própria:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>then File → Join a team…, with the address above and agent {agent}&apos;s token:</source>
        <translation>depois Arquivo → Entrar em uma equipe…, com o endereço acima e o token do agente {agent}:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quitting Centralita stops the team server and its PostgreSQL.</source>
        <translation>Ao sair do Centralita, o servidor da equipe e o PostgreSQL dele são parados.</translation>
    </message>
</context>
<context>
    <name>TemplateForm</name>
    <message>
        <location filename="../../console/ui/sender/template_form.py" line="+41"/>
        <source>Choose a template, import a catalogue or add one.</source>
        <translation>Escolha um modelo, importe um catálogo ou adicione um.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>e.g. es_mx</source>
        <translation>ex.: es_mx</translation>
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
        <translation>Parâmetro {n}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>value for {{{name}}}</source>
        <translation>valor para {{{name}}}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Media link ({kind})</source>
        <translation>Link da mídia ({kind})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>optional</source>
        <translation>opcional</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File name</source>
        <translation>Nome do arquivo</translation>
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
        <translation>Adicionar modelos de um arquivo CSV ou JSON</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add…</source>
        <translation>Adicionar…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type a template in</source>
        <translation>Digitar um modelo à mão</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The message as the customer will read it</source>
        <translation>A mensagem como o cliente vai lê-la</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Send template</source>
        <translation>Enviar modelo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send to many…</source>
        <translation>Enviar para muitos…</translation>
    </message>
    <message>
        <location line="-14"/>
        <location line="+26"/>
        <source>Preview</source>
        <translation>Pré-visualização</translation>
    </message>
    <message>
        <location line="-96"/>
        <source>pending review</source>
        <translation>em análise</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rejected</source>
        <translation>rejeitado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>paused</source>
        <translation>pausado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>disabled</source>
        <translation>desativado</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Template</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Fetch</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fetch the account&apos;s templates and their review status from the provider</source>
        <translation>Buscar no provedor os modelos da conta e o status de análise</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Template parameters</source>
        <translation>Parâmetros do modelo</translation>
    </message>
    <message>
        <location line="+130"/>
        <source>No contact selected</source>
        <translation>Nenhum contato selecionado</translation>
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
        <translation>Nenhuma conta selecionada.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{provider} accounts do not send templates.</source>
        <translation>As contas de {provider} não enviam modelos.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No template chosen.</source>
        <translation>Nenhum modelo escolhido.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Select a contact to send to, or use Send to many.</source>
        <translation>Selecione um contato para enviar, ou use Envio em massa.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>(The catalogue has no text for this template; the provider fills it in.)</source>
        <translation>(O catálogo não tem o texto deste modelo; o provedor o preenche.)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Checked, with a warning: send anyway only if you are sure.</source>
        <translation>Verificado, com um aviso: envie mesmo assim só se tiver certeza.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>✓ Ready: the provider&apos;s checks pass.</source>
        <translation>✓ Pronto: passa nas verificações do provedor.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Not sent yet: read the warning, then send anyway or change the template.</source>
        <translation>Ainda não enviado: leia o aviso e depois envie mesmo assim ou altere o modelo.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not sent: {reason}</source>
        <translation>Não enviada: {reason}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sent.</source>
        <translation>Enviado.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Template {name} sent to {contact}</source>
        <translation>Modelo {name} enviado para {contact}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Import templates</source>
        <translation>Importar modelos</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Template catalogues (*.csv *.json)</source>
        <translation>Catálogos de modelos (*.csv *.json)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Not imported: {reason}</source>
        <translation>Não importado: {reason}</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n template(s) imported</source>
        <translation>
            <numerusform>%n modelo importado</numerusform>
            <numerusform>%n modelos importados</numerusform>
        </translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Not fetched: {reason}</source>
        <translation>Não buscados: {reason}</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n template(s) fetched</source>
        <translation>
            <numerusform>%n modelo buscado</numerusform>
            <numerusform>%n modelos buscados</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TimelinePane</name>
    <message>
        <location filename="../../console/ui/panes/timeline.py" line="+52"/>
        <source>Today&apos;s messages by state</source>
        <translation>Mensagens de hoje por estado</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Export history…</source>
        <translation>Exportar histórico…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save this message and all its state events as a JSON file</source>
        <translation>Salvar esta mensagem e todas as mudanças de estado em um arquivo JSON</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Delivery timeline</source>
        <translation>Linha do tempo de entrega</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Select a message in the chat to see its delivery timeline.</source>
        <translation>Selecione uma mensagem no chat para ver a linha do tempo de entrega.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Message {id}</source>
        <translation>Mensagem {id}</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+52"/>
        <source>Message {id} no longer exists.</source>
        <translation>A mensagem {id} não existe mais.</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>“{text}” · now {state}</source>
        <translation>“{text}” · agora {state}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This provider reports no delivery states: after “{state}” nothing more will be known.</source>
        <translation>Este provedor não informa estados de entrega: depois de “{state}” não se saberá mais nada.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Export history</source>
        <translation>Exportar histórico</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>JSON files (*.json)</source>
        <translation>Arquivos JSON (*.json)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not save the history: {reason}</source>
        <translation>Não foi possível salvar o histórico: {reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>History saved to {path}</source>
        <translation>Histórico salvo em {path}</translation>
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
        <translation>Etapa</translation>
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
        <translation>Origem</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detail</source>
        <translation>Detalhe</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Time since the previous event</source>
        <translation>Tempo desde o evento anterior</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>What the provider said (Export history… has it whole):</source>
        <translation>O que o provedor disse (Exportar histórico… traz tudo):</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../console/ui/dialogs/transfer_conversation.py" line="+31"/>
        <source>Transfer the conversation</source>
        <translation>Transferir a conversa</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The conversation with {contact} goes to the colleague you choose, with your note.</source>
        <translation>A conversa com {contact} vai para o colega que você escolher, com a sua nota.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>What your colleague should know (optional)</source>
        <translation>O que o seu colega precisa saber (opcional)</translation>
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
        <translation>Colega</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Asking the server for your colleagues…</source>
        <translation>Pedindo ao servidor a lista de colegas…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Nobody else is on this team yet.</source>
        <translation>Ainda não há mais ninguém nesta equipe.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Transferring…</source>
        <translation>Transferindo…</translation>
    </message>
</context>
<context>
    <name>WindowSearch</name>
    <message>
        <location filename="../../console/ui/search/window_search.py" line="+52"/>
        <source>Search all messages…</source>
        <translation>Buscar em todas as mensagens…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Find in this conversation</source>
        <translation>Buscar nesta conversa</translation>
    </message>
</context>
<context>
    <name>attachments</name>
    <message>
        <location filename="../../console/ui/sender/attach_dialogs.py" line="-83"/>
        <source>image</source>
        <translation>imagem</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>video</source>
        <translation>vídeo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>audio</source>
        <translation>áudio</translation>
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
        <translation>não enviado</translation>
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
        <translation>com falha</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>verify</source>
        <translation>verificar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>skipped</source>
        <translation>pulado</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Recipient</source>
        <translation>Destinatário</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parameters</source>
        <translation>Parâmetros</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detail</source>
        <translation>Detalhe</translation>
    </message>
</context>
<context>
    <name>chat</name>
    <message>
        <location filename="../../console/ui/chat/template_text.py" line="+18"/>
        <source>template {name} — its text is not in the catalogue</source>
        <translation>modelo {name} — o texto não está no catálogo</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Template {name}</source>
        <translation>Modelo {name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Template {name}: {values}</source>
        <translation>Modelo {name}: {values}</translation>
    </message>
</context>
<context>
    <name>days</name>
    <message>
        <location filename="../../console/ui/chat/days.py" line="+16"/>
        <source>Today</source>
        <translation>Hoje</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Yesterday</source>
        <translation>Ontem</translation>
    </message>
</context>
<context>
    <name>health</name>
    <message>
        <location filename="../../console/ui/accounts/health.py" line="+20"/>
        <source>less than a minute</source>
        <translation>menos de um minuto</translation>
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
        <translation>o token vence em {time}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>token expired; signs in again on the next request</source>
        <translation>o token venceu; entra de novo na próxima solicitação</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../console/ui/labels.py" line="-100"/>
        <source>pending</source>
        <translation>pendente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown</source>
        <translation>desconhecido</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>accepted</source>
        <translation>aceito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sent</source>
        <translation>enviada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>delivered</source>
        <translation>entregue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>read</source>
        <translation>lido</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>com falha</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>deleted</source>
        <translation>excluído</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>this console</source>
        <translation>este console</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>send answer</source>
        <translation>resposta ao envio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>status poll</source>
        <translation>consulta de status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>callback</source>
        <translation>callback</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>not checked yet</source>
        <translation>não verificado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>signing in…</source>
        <translation>entrando…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>connected</source>
        <translation>conectada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>wrong credentials</source>
        <translation>credenciais incorretas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unreachable</source>
        <translation>inacessível</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>error</source>
        <translation>erro</translation>
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
