<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>AddTicketDialog</name>
    <message>
        <source>Add ticket</source>
        <translation>Adicionar ticket</translation>
    </message>
    <message>
        <source>Type to search clients</source>
        <translation>Digite para buscar clientes</translation>
    </message>
    <message>
        <source>Choose the service desk</source>
        <translation>Escolha a mesa de serviço</translation>
    </message>
    <message>
        <source>The desk&apos;s default</source>
        <translation>Padrão da mesa</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Nenhum</translation>
    </message>
    <message>
        <source>No requester</source>
        <translation>Sem solicitante</translation>
    </message>
    <message>
        <source>Loading the conversation…</source>
        <translation>Carregando a conversa…</translation>
    </message>
    <message>
        <source>C&amp;lient</source>
        <translation>C&amp;liente</translation>
    </message>
    <message>
        <source>Service &amp;desk</source>
        <translation>&amp;Mesa de serviço</translation>
    </message>
    <message>
        <source>&amp;Priority</source>
        <translation>&amp;Prioridade</translation>
    </message>
    <message>
        <source>Catalog &amp;item</source>
        <translation>&amp;Item do catálogo</translation>
    </message>
    <message>
        <source>Re&amp;quester</source>
        <translation>&amp;Solicitante</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Título</translation>
    </message>
    <message>
        <source>Description: the chat&apos;s transcript</source>
        <translation>Descrição: a transcrição do chat</translation>
    </message>
    <message>
        <source>Lin&amp;k again</source>
        <translation>&amp;Vincular novamente</translation>
    </message>
    <message>
        <source>&amp;Create ticket</source>
        <translation>&amp;Criar ticket</translation>
    </message>
    <message>
        <source>Linking…</source>
        <translation>Vinculando…</translation>
    </message>
    <message>
        <source>Creating…</source>
        <translation>Criando…</translation>
    </message>
    <message>
        <source>Ticket #%1 is already linked to this chat.</source>
        <translation>O ticket #%1 já está vinculado a este chat.</translation>
    </message>
    <message>
        <source>Choose the client.</source>
        <translation>Escolha o cliente.</translation>
    </message>
    <message>
        <source>Choose the service desk.</source>
        <translation>Escolha a mesa de serviço.</translation>
    </message>
    <message>
        <source>Choose the requester from the client&apos;s contacts, or leave it empty.</source>
        <translation>Escolha o solicitante entre os contatos do cliente, ou deixe em branco.</translation>
    </message>
    <message>
        <source>Give the ticket a title.</source>
        <translation>Dê um título ao ticket.</translation>
    </message>
    <message>
        <source>Link again</source>
        <translation>Vincular novamente</translation>
    </message>
    <message>
        <source>Link ticket #%1 to the chat in Tiflux.</source>
        <translation>Vincular o ticket #%1 ao chat no Tiflux.</translation>
    </message>
    <message>
        <source>The conversation could not be shown here (%1); the ticket will still carry it.</source>
        <translation>Não foi possível mostrar a conversa aqui (%1); ela vai para o ticket mesmo assim.</translation>
    </message>
    <message>
        <source>The conversation is empty.</source>
        <translation>A conversa está vazia.</translation>
    </message>
</context>
<context>
    <name>AttachmentTray</name>
    <message>
        <source>Attached files</source>
        <translation>Arquivos anexados</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>Remover %1</translation>
    </message>
</context>
<context>
    <name>ChatHeader</name>
    <message>
        <source>&amp;Assume</source>
        <translation>&amp;Assumir</translation>
    </message>
    <message>
        <source>&amp;Transfer</source>
        <translation>&amp;Transferir</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>&amp;Finalizar</translation>
    </message>
    <message>
        <source>&amp;Leave</source>
        <translation>&amp;Sair</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Cancelar</translation>
    </message>
    <message>
        <source>+ Add tic&amp;ket</source>
        <translation>+ Adicionar tic&amp;ket</translation>
    </message>
    <message>
        <source>+ &amp;Information</source>
        <translation>+ &amp;Informações</translation>
    </message>
    <message>
        <source>No name</source>
        <translation>Sem nome</translation>
    </message>
    <message>
        <source>Ticket #%1 is linked to this chat.</source>
        <translation>O ticket #%1 está vinculado a este chat.</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>ninguém</translation>
    </message>
    <message>
        <source>Chat origin: %1</source>
        <translation>Origem do chat: %1</translation>
    </message>
    <message>
        <source>Responsible: %1</source>
        <translation>Responsável: %1</translation>
    </message>
    <message>
        <source>Department: %1</source>
        <translation>Departamento: %1</translation>
    </message>
    <message>
        <source>triage</source>
        <translation>triagem</translation>
    </message>
    <message>
        <source>Ticket #%1</source>
        <translation>Ticket #%1</translation>
    </message>
    <message>
        <source>Started %1</source>
        <translation>Iniciado em %1</translation>
    </message>
</context>
<context>
    <name>ChatRowDelegate</name>
    <message numerus="yes">
        <source>Waiting %n min</source>
        <translation>
            <numerusform>Aguardando há %n min</numerusform>
            <numerusform>Aguardando há %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Waiting %n h</source>
        <translation>
            <numerusform>Aguardando há %n h</numerusform>
            <numerusform>Aguardando há %n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Waiting %n d</source>
        <translation>
            <numerusform>Aguardando há %n dia</numerusform>
            <numerusform>Aguardando há %n dias</numerusform>
        </translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>Unknown requester</source>
        <translation>Solicitante desconhecido</translation>
    </message>
    <message>
        <source>Client: %1</source>
        <translation>Cliente: %1</translation>
    </message>
    <message>
        <source>Department: %1</source>
        <translation>Departamento: %1</translation>
    </message>
    <message>
        <source>Responsible: %1</source>
        <translation>Responsável: %1</translation>
    </message>
    <message>
        <source>Channel: %1</source>
        <translation>Canal: %1</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <source>Started: %1</source>
        <translation>Início: %1</translation>
    </message>
    <message>
        <source>Ticket #%1: %2</source>
        <translation>Ticket #%1: %2</translation>
    </message>
    <message>
        <source>Rated %1 of %2</source>
        <translation>Avaliado com %1 de %2</translation>
    </message>
    <message numerus="yes">
        <source>%n unread message(s)</source>
        <translation>
            <numerusform>%n mensagem não lida</numerusform>
            <numerusform>%n mensagens não lidas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChatsScreen</name>
    <message>
        <source>Select a chat in the list to read and answer it.</source>
        <translation>Selecione um chat na lista para ler e responder.</translation>
    </message>
    <message>
        <source>This chat is no longer available to you.</source>
        <translation>Este chat não está mais disponível para você.</translation>
    </message>
    <message>
        <source>The chat with %1 left your departments and was closed here.</source>
        <translation>O chat com %1 saiu dos seus departamentos e foi fechado aqui.</translation>
    </message>
    <message>
        <source>Assume</source>
        <translation>Assumir</translation>
    </message>
    <message>
        <source>%1 is attending this chat. Take it over?</source>
        <translation>%1 está atendendo este chat. Assumir o atendimento?</translation>
    </message>
    <message>
        <source>Cancel chat</source>
        <translation>Cancelar chat</translation>
    </message>
    <message>
        <source>Cancel the chat with %1? It is closed at once, without a ticket or a formal conclusion.</source>
        <translation>Cancelar o chat com %1? Ele é encerrado imediatamente, sem geração de ticket nem conclusão formal.</translation>
    </message>
    <message>
        <source>Ticket #%1 created and linked to the chat.</source>
        <translation>Ticket #%1 criado e vinculado ao chat.</translation>
    </message>
</context>
<context>
    <name>ComposerPane</name>
    <message>
        <source>Internal comment: only your team will see it, never the customer.</source>
        <translation>Comentário interno: só a sua equipe verá, nunca o cliente.</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensagem</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Anexar arquivos</translation>
    </message>
    <message>
        <source>Reply templates</source>
        <translation>Modelos de respostas</translation>
    </message>
    <message>
        <source>or type / in an empty message</source>
        <translation>ou digite / em uma mensagem vazia</translation>
    </message>
    <message>
        <source>Internal comment</source>
        <translation>Comentário interno</translation>
    </message>
    <message>
        <source>Write to your team only (%1)</source>
        <translation>Escrever só para a sua equipe (%1)</translation>
    </message>
    <message>
        <source>Upload progress</source>
        <translation>Progresso do envio</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Enviar</translation>
    </message>
    <message>
        <source>This chat is no longer available to you.</source>
        <translation>Este chat não está mais disponível para você.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Carregando…</translation>
    </message>
    <message>
        <source>Select a chat to write.</source>
        <translation>Selecione um chat para escrever.</translation>
    </message>
    <message>
        <source>Write an internal comment for your team…</source>
        <translation>Escreva um comentário interno para a sua equipe…</translation>
    </message>
    <message>
        <source>Write a message… (Enter sends, Shift+Enter breaks the line)</source>
        <translation>Escreva uma mensagem… (Enter envia, Shift+Enter quebra a linha)</translation>
    </message>
    <message>
        <source>Free text is locked: send an approved template.</source>
        <translation>O texto livre está bloqueado: envie um modelo aprovado.</translation>
    </message>
    <message>
        <source>Assume this chat to reply, or switch on Internal comment.</source>
        <translation>Assuma este chat para responder, ou ative o Comentário interno.</translation>
    </message>
    <message>
        <source>Send (Enter); Shift+Enter breaks the line</source>
        <translation>Enviar (Enter); Shift+Enter quebra a linha</translation>
    </message>
    <message>
        <source>Send a te&amp;mplate</source>
        <translation>Enviar um &amp;modelo</translation>
    </message>
    <message>
        <source>%1 is responsible for this chat: only they can reply to the customer. Internal comments are still possible.</source>
        <translation>%1 é responsável por este chat e só essa pessoa pode responder ao cliente. Ainda é possível fazer comentários internos.</translation>
    </message>
    <message>
        <source>Assume this chat to reply to the customer. Internal comments are still possible.</source>
        <translation>Assuma este chat para responder ao cliente. Ainda é possível fazer comentários internos.</translation>
    </message>
    <message>
        <source>Assume</source>
        <translation>Assumir</translation>
    </message>
    <message>
        <source>Pasted image</source>
        <translation>Imagem colada</translation>
    </message>
    <message>
        <source>The pasted image could not be saved.</source>
        <translation>Não foi possível salvar a imagem colada.</translation>
    </message>
    <message>
        <source>Uploading: %1 of %2</source>
        <translation>Enviando: %1 de %2</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comentar</translation>
    </message>
</context>
<context>
    <name>ContactInfoPanel</name>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Requester</source>
        <translation>Solicitante</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefone</translation>
    </message>
    <message>
        <source>Earlier chats</source>
        <translation>Chats anteriores</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Informações</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Carregando…</translation>
    </message>
    <message>
        <source>No earlier chats</source>
        <translation>Nenhum chat anterior</translation>
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
        <translation>&amp;Novo chat</translation>
    </message>
    <message>
        <source>Start a conversation with a customer</source>
        <translation>Iniciar uma conversa com um cliente</translation>
    </message>
    <message>
        <source>Chat lists</source>
        <translation>Listas de chats</translation>
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
        <translation>Nenhum chat corresponde à busca ou aos filtros.</translation>
    </message>
    <message>
        <source>No chats here.</source>
        <translation>Nenhum chat aqui.</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Novo chat</translation>
    </message>
    <message>
        <source>Start a new conversation with this contact</source>
        <translation>Iniciar uma nova conversa com este contato</translation>
    </message>
</context>
<context>
    <name>CrashReporter</name>
    <message>
        <source>Something went wrong</source>
        <translation>Algo deu errado</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>Abrir pasta de &amp;logs</translation>
    </message>
    <message>
        <source>Something unexpected went wrong. Tiflux Chats keeps running, but if something looks wrong, close it and open it again.

The details are in the log file:
%1</source>
        <translation>Algo inesperado deu errado. O Tiflux Chats continua funcionando, mas se algo parecer errado, feche-o e abra-o de novo.

Os detalhes estão no arquivo de log:
%1</translation>
    </message>
    <message numerus="yes">
        <source>It happened %n more time(s) since.</source>
        <translation>
            <numerusform>Aconteceu mais %n vez desde então.</numerusform>
            <numerusform>Aconteceu mais %n vezes desde então.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>This contact already has an open chat on this integration.</source>
        <translation>Este contato já tem um chat aberto nesta integração.</translation>
    </message>
    <message>
        <source>Your organisation requires a service catalog item to finish a chat.</source>
        <translation>Sua organização exige um item do catálogo de serviços para finalizar um chat.</translation>
    </message>
    <message>
        <source>This chat is already closed.</source>
        <translation>Este chat já está encerrado.</translation>
    </message>
    <message>
        <source>You no longer have access to this chat&apos;s department.</source>
        <translation>Você não tem mais acesso ao departamento deste chat.</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <source>Error</source>
        <translation>Erro</translation>
    </message>
</context>
<context>
    <name>FilterButton</name>
    <message>
        <source>Filter by channel and status</source>
        <translation>Filtrar por canal e status</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canais</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message numerus="yes">
        <source>Filters (%n on)</source>
        <translation>
            <numerusform>Filtros (%n ativo)</numerusform>
            <numerusform>Filtros (%n ativos)</numerusform>
        </translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>Filtros</translation>
    </message>
</context>
<context>
    <name>FilterChips</name>
    <message>
        <source>Clear filters</source>
        <translation>Limpar filtros</translation>
    </message>
    <message>
        <source>Remove filter: %1</source>
        <translation>Remover filtro: %1</translation>
    </message>
    <message>
        <source>Remove this filter</source>
        <translation>Remover este filtro</translation>
    </message>
</context>
<context>
    <name>FinishDialog</name>
    <message>
        <source>Finish chat</source>
        <translation>Finalizar chat</translation>
    </message>
    <message>
        <source>Your organisation classifies every finished chat with a service catalog item.</source>
        <translation>Sua organização classifica cada chat finalizado com um item do catálogo de serviços.</translation>
    </message>
    <message>
        <source>Type to search clients</source>
        <translation>Digite para buscar clientes</translation>
    </message>
    <message>
        <source>Choose the service desk</source>
        <translation>Escolha a mesa de serviço</translation>
    </message>
    <message>
        <source>Choose the catalog item</source>
        <translation>Escolha o item do catálogo</translation>
    </message>
    <message>
        <source>C&amp;lient</source>
        <translation>C&amp;liente</translation>
    </message>
    <message>
        <source>Service &amp;desk</source>
        <translation>&amp;Mesa de serviço</translation>
    </message>
    <message>
        <source>Catalog &amp;item</source>
        <translation>&amp;Item do catálogo</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>&amp;Finalizar</translation>
    </message>
    <message>
        <source>Finishing…</source>
        <translation>Finalizando…</translation>
    </message>
    <message>
        <source>Choose the client whose service desk classifies the chat.</source>
        <translation>Escolha o cliente cuja mesa de serviço classifica o chat.</translation>
    </message>
    <message>
        <source>Choose the service desk.</source>
        <translation>Escolha a mesa de serviço.</translation>
    </message>
    <message>
        <source>Choose the service catalog item.</source>
        <translation>Escolha o item do catálogo de serviços.</translation>
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
        <translation>Abrindo…</translation>
    </message>
    <message>
        <source>Tiflu&amp;x Chats</source>
        <translation>Tif&amp;lux Chats</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Configurações…</translation>
    </message>
    <message>
        <source>Sign &amp;out…</source>
        <translation>Sair da c&amp;onta…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Sair do Tiflux Chats</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aj&amp;uda</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Atalhos de teclado</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>&amp;Sobre</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Sair da conta</translation>
    </message>
    <message>
        <source>Sign out of Tiflux Chats? Messages not sent yet stay queued here.</source>
        <translation>Sair da sua conta no Tiflux Chats? As mensagens ainda não enviadas continuam na fila neste computador.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Also delete the chats kept on this computer (and unsent messages)</source>
        <translation>Apagar também os chats guardados neste computador (e as mensagens não enviadas)</translation>
    </message>
    <message>
        <source>Quit Tiflux Chats</source>
        <translation>Sair do Tiflux Chats</translation>
    </message>
    <message>
        <source>Quit Tiflux Chats? You will not be told of new chats and messages until you open it again.</source>
        <translation>Sair do Tiflux Chats? Você não será avisado de novos chats e mensagens até abri-lo de novo.</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Sair</translation>
    </message>
    <message>
        <source>Keep open</source>
        <translation>Manter aberto</translation>
    </message>
    <message>
        <source>About Tiflux Chats</source>
        <translation>Sobre o Tiflux Chats</translation>
    </message>
    <message>
        <source>Tiflux Chats desktop %1</source>
        <translation>Tiflux Chats para desktop %1</translation>
    </message>
    <message>
        <source>Your session has expired: sign in again.</source>
        <translation>Sua sessão expirou: entre novamente.</translation>
    </message>
    <message>
        <source>Tiflux Chats — %1</source>
        <translation>Tiflux Chats — %1</translation>
    </message>
    <message>
        <source>Tiflux Chats is still running</source>
        <translation>O Tiflux Chats continua aberto</translation>
    </message>
    <message>
        <source>New chats and messages will be announced here. Click the icon to open the window; Quit is in its menu.</source>
        <translation>Novos chats e mensagens serão avisados aqui. Clique no ícone para abrir a janela; Sair do Tiflux Chats está no menu dele.</translation>
    </message>
    <message>
        <source>Tiflux Chats could not be set to start with the system: %1</source>
        <translation>Não foi possível fazer o Tiflux Chats iniciar com o sistema: %1</translation>
    </message>
</context>
<context>
    <name>MessageBubble</name>
    <message>
        <source>Today</source>
        <translation>Hoje</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Ontem</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Na fila</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>Não enviada</translation>
    </message>
    <message>
        <source>WhatsApp template message</source>
        <translation>Mensagem de modelo do WhatsApp</translation>
    </message>
    <message>
        <source>Quoted message</source>
        <translation>Mensagem citada</translation>
    </message>
    <message>
        <source>(attachment)</source>
        <translation>(anexo)</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Baixar</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <source>Characters not shown: %1. Copy takes the whole text.</source>
        <translation>Caracteres não exibidos: %1. Copiar leva o texto inteiro.</translation>
    </message>
    <message>
        <source>Internal comment</source>
        <translation>Comentário interno</translation>
    </message>
    <message>
        <source>Bot</source>
        <translation>Bot</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Tentar novamente</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Não enviada: %1</translation>
    </message>
    <message>
        <source>Not sent.</source>
        <translation>Não enviada.</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Descartar</translation>
    </message>
    <message>
        <source>Not delivered: %1</source>
        <translation>Não entregue: %1</translation>
    </message>
    <message>
        <source>Not delivered.</source>
        <translation>Não entregue.</translation>
    </message>
    <message>
        <source>Only the team sees internal comments; the customer does not.</source>
        <translation>Só a equipe vê os comentários internos; o cliente não.</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <source>&amp;Copy text</source>
        <translation>&amp;Copiar texto</translation>
    </message>
    <message>
        <source>&amp;Reply (quote)</source>
        <translation>&amp;Responder (citar)</translation>
    </message>
    <message>
        <source>Re&amp;try</source>
        <translation>&amp;Tentar novamente</translation>
    </message>
    <message>
        <source>D&amp;iscard</source>
        <translation>&amp;Descartar</translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation>&amp;Baixar</translation>
    </message>
    <message>
        <source>&amp;Open attachment</source>
        <translation>&amp;Abrir anexo</translation>
    </message>
    <message>
        <source>&amp;Show quoted message</source>
        <translation>&amp;Mostrar mensagem citada</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Mensagens</translation>
    </message>
    <message>
        <source>Jump to the latest message</source>
        <translation>Ir para a mensagem mais recente</translation>
    </message>
    <message>
        <source>Loading older messages…</source>
        <translation>Carregando mensagens anteriores…</translation>
    </message>
</context>
<context>
    <name>MessagesPane</name>
    <message>
        <source>Select a chat</source>
        <translation>Selecione um chat</translation>
    </message>
    <message>
        <source>The quoted message is further up: scroll up to load it.</source>
        <translation>A mensagem citada está mais acima: role para cima para carregá-la.</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>Salvo em %1</translation>
    </message>
    <message>
        <source>Open a program?</source>
        <translation>Abrir um programa?</translation>
    </message>
    <message>
        <source>“%1” is a program or a script: opening it may run it on this computer. Open it only if you trust whoever sent it.</source>
        <translation>“%1” é um programa ou um script: abri-lo pode executá-lo neste computador. Abra somente se confiar em quem o enviou.</translation>
    </message>
    <message>
        <source>Open anyway</source>
        <translation>Abrir mesmo assim</translation>
    </message>
    <message>
        <source>Do not open</source>
        <translation>Não abrir</translation>
    </message>
    <message>
        <source>No application could open %1.</source>
        <translation>Nenhum aplicativo conseguiu abrir %1.</translation>
    </message>
</context>
<context>
    <name>NewChatDialog</name>
    <message>
        <source>New chat</source>
        <translation>Novo chat</translation>
    </message>
    <message>
        <source>&amp;Select a contact</source>
        <translation>&amp;Selecione um contato</translation>
    </message>
    <message>
        <source>Enter &amp;manually</source>
        <translation>Informar man&amp;ualmente</translation>
    </message>
    <message>
        <source>Type to search clients</source>
        <translation>Digite para buscar clientes</translation>
    </message>
    <message>
        <source>Type to search the client&apos;s contacts</source>
        <translation>Digite para buscar os contatos do cliente</translation>
    </message>
    <message>
        <source>Area code and number, e.g. 11 98765-4321</source>
        <translation>DDD e número, por exemplo 11 98765-4321</translation>
    </message>
    <message>
        <source>The contact&apos;s name</source>
        <translation>O nome do contato</translation>
    </message>
    <message>
        <source>Choose the integration</source>
        <translation>Escolha a integração</translation>
    </message>
    <message>
        <source>Choose the department</source>
        <translation>Escolha o departamento</translation>
    </message>
    <message>
        <source>C&amp;lient</source>
        <translation>C&amp;liente</translation>
    </message>
    <message>
        <source>C&amp;ontact</source>
        <translation>&amp;Contato</translation>
    </message>
    <message>
        <source>N&amp;umber</source>
        <translation>&amp;Número</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>N&amp;ome</translation>
    </message>
    <message>
        <source>&amp;Integration</source>
        <translation>&amp;Integração</translation>
    </message>
    <message>
        <source>&amp;Department</source>
        <translation>&amp;Departamento</translation>
    </message>
    <message>
        <source>Start c&amp;hat</source>
        <translation>Iniciar c&amp;hat</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Iniciando…</translation>
    </message>
    <message>
        <source>Your organisation has no WhatsApp integration (Gupshup or WhatsApp Cloud API) to start chats on.</source>
        <translation>Sua organização não tem integração com o WhatsApp (Gupshup ou WhatsApp Cloud API) para iniciar chats.</translation>
    </message>
    <message>
        <source>Choose the client.</source>
        <translation>Escolha o cliente.</translation>
    </message>
    <message>
        <source>Choose the contact.</source>
        <translation>Escolha o contato.</translation>
    </message>
    <message>
        <source>This contact has no WhatsApp number: enter it manually.</source>
        <translation>Este contato não tem número de WhatsApp: informe-o manualmente.</translation>
    </message>
    <message>
        <source>Enter the number with its area code (8 to 15 digits).</source>
        <translation>Informe o número com o DDD (de 8 a 15 dígitos).</translation>
    </message>
    <message>
        <source>Enter the contact&apos;s name.</source>
        <translation>Informe o nome do contato.</translation>
    </message>
    <message>
        <source>Choose the integration.</source>
        <translation>Escolha a integração.</translation>
    </message>
    <message>
        <source>Choose the department.</source>
        <translation>Escolha o departamento.</translation>
    </message>
    <message>
        <source>%1 (no number)</source>
        <translation>%1 (sem número)</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Close the notice</source>
        <translation>Fechar o aviso</translation>
    </message>
</context>
<context>
    <name>NotificationBanner</name>
    <message>
        <source>Notification</source>
        <translation>Notificação</translation>
    </message>
    <message>
        <source>&amp;Open chat</source>
        <translation>&amp;Abrir chat</translation>
    </message>
    <message>
        <source>Close the notification</source>
        <translation>Fechar a notificação</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>New chat in Entrada</source>
        <translation>Novo chat em Entrada</translation>
    </message>
    <message numerus="yes">
        <source>%n new chats in Entrada</source>
        <translation>
            <numerusform>%n novo chat em Entrada</numerusform>
            <numerusform>%n novos chats em Entrada</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 wrote</source>
        <translation>%1 escreveu</translation>
    </message>
    <message>
        <source>The customer</source>
        <translation>O cliente</translation>
    </message>
    <message numerus="yes">
        <source>Customers wrote in %n of your chats</source>
        <translation>
            <numerusform>Um cliente escreveu em %n dos seus chats</numerusform>
            <numerusform>Clientes escreveram em %n dos seus chats</numerusform>
        </translation>
    </message>
    <message>
        <source>Chat transferred to you</source>
        <translation>Chat transferido para você</translation>
    </message>
    <message numerus="yes">
        <source>%n chats transferred to you</source>
        <translation>
            <numerusform>%n chat transferido para você</numerusform>
            <numerusform>%n chats transferidos para você</numerusform>
        </translation>
    </message>
    <message>
        <source>Still waiting in Entrada: %1</source>
        <translation>Ainda aguardando em Entrada: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n chats still waiting in Entrada</source>
        <translation>
            <numerusform>%n chat ainda aguardando em Entrada</numerusform>
            <numerusform>%n chats ainda aguardando em Entrada</numerusform>
        </translation>
    </message>
    <message>
        <source>Unknown requester</source>
        <translation>Solicitante desconhecido</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>e mais %n</numerusform>
            <numerusform>e mais %n</numerusform>
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
            <numerusform>%n dia</numerusform>
            <numerusform>%n dias</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QuoteStrip</name>
    <message>
        <source>Stop replying to this message</source>
        <translation>Cancelar a resposta a esta mensagem</translation>
    </message>
    <message>
        <source>Stop replying to this message (Esc)</source>
        <translation>Cancelar a resposta a esta mensagem (Esc)</translation>
    </message>
    <message>
        <source>Replying to %1</source>
        <translation>Respondendo a %1</translation>
    </message>
    <message>
        <source>Replying to a message</source>
        <translation>Respondendo a uma mensagem</translation>
    </message>
</context>
<context>
    <name>ReplyTemplatesDialog</name>
    <message>
        <source>Reply templates</source>
        <translation>Modelos de respostas</translation>
    </message>
    <message>
        <source>Search reply templates</source>
        <translation>Buscar modelos de respostas</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Pré-visualização</translation>
    </message>
    <message>
        <source>&amp;Insert</source>
        <translation>&amp;Inserir</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Carregando…</translation>
    </message>
    <message>
        <source>Your organisation has no reply templates yet.</source>
        <translation>Sua organização ainda não tem modelos de respostas.</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>Search chats</source>
        <translation>Buscar chats</translation>
    </message>
    <message>
        <source>Search by</source>
        <translation>Buscar por</translation>
    </message>
    <message>
        <source>Search by %1</source>
        <translation>Buscar por %1</translation>
    </message>
</context>
<context>
    <name>SendTemplateDialog</name>
    <message>
        <source>Send WhatsApp template</source>
        <translation>Enviar modelo do WhatsApp</translation>
    </message>
    <message>
        <source>More than 24 hours have passed since the customer&apos;s last message: WhatsApp only delivers an approved template until they write again.</source>
        <translation>Já se passaram mais de 24 horas desde a última mensagem do cliente: até ele escrever de novo, o WhatsApp só entrega um modelo aprovado.</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Enviar</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Enviando…</translation>
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
        <translation>Processando…</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Carregando…</translation>
    </message>
    <message>
        <source>Some choices could not be loaded: try again.</source>
        <translation>Não foi possível carregar algumas opções: tente novamente.</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>Tenta&amp;r novamente</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Configurações</translation>
    </message>
    <message>
        <source>Changing the address signs you out; you then sign in to the service at the new address.</source>
        <translation>Mudar o endereço encerra a sua sessão; depois você entra no serviço do novo endereço.</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Conexão</translation>
    </message>
    <message>
        <source>Service &amp;address:</source>
        <translation>Endereço do se&amp;rviço:</translation>
    </message>
    <message>
        <source>New chat in &amp;Entrada</source>
        <translation>Novo chat em &amp;Entrada</translation>
    </message>
    <message>
        <source>New &amp;customer message in Meus</source>
        <translation>Nova &amp;mensagem do cliente em Meus</translation>
    </message>
    <message>
        <source>Chat &amp;transferred to me</source>
        <translation>Chat &amp;transferido para mim</translation>
    </message>
    <message>
        <source>Chime</source>
        <translation>Sino</translation>
    </message>
    <message>
        <source>Bell</source>
        <translation>Campainha</translation>
    </message>
    <message>
        <source>Pop</source>
        <translation>Estalo</translation>
    </message>
    <message>
        <source>Your own file…</source>
        <translation>Arquivo próprio…</translation>
    </message>
    <message>
        <source>&amp;Listen</source>
        <translation>Ou&amp;vir</translation>
    </message>
    <message>
        <source>Play the chosen sound</source>
        <translation>Tocar o som escolhido</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>Nenhum arquivo escolhido</translation>
    </message>
    <message>
        <source>Choose a &amp;WAV file…</source>
        <translation>Escolher arquivo &amp;WAV…</translation>
    </message>
    <message>
        <source>&amp;Mute sounds</source>
        <translation>Si&amp;lenciar sons</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nunca</translation>
    </message>
    <message>
        <source>A chat still waiting in Entrada after this long is announced again.</source>
        <translation>Um chat que continua aguardando em Entrada depois desse tempo é avisado de novo.</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Notificações</translation>
    </message>
    <message>
        <source>Notify me of:</source>
        <translation>Avisar sobre:</translation>
    </message>
    <message>
        <source>S&amp;ound:</source>
        <translation>S&amp;om:</translation>
    </message>
    <message>
        <source>Sound file</source>
        <translation>Arquivo de som</translation>
    </message>
    <message>
        <source>&amp;Remind of a waiting chat after:</source>
        <translation>Lem&amp;brar de chat aguardando após:</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Sistema</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Escuro</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Aparência</translation>
    </message>
    <message>
        <source>Lan&amp;guage:</source>
        <translation>&amp;Idioma:</translation>
    </message>
    <message>
        <source>T&amp;heme:</source>
        <translation>Tem&amp;a:</translation>
    </message>
    <message>
        <source>Start with the &amp;system</source>
        <translation>Iniciar com o &amp;sistema</translation>
    </message>
    <message>
        <source>Start mi&amp;nimised</source>
        <translation>Iniciar mi&amp;nimizado</translation>
    </message>
    <message>
        <source>Start in the notification area (or minimised where there is none)</source>
        <translation>Iniciar na área de notificação (ou minimizado onde não houver uma)</translation>
    </message>
    <message>
        <source>Startup</source>
        <translation>Inicialização</translation>
    </message>
    <message>
        <source>Log files: %1</source>
        <translation>Arquivos de log: %1</translation>
    </message>
    <message>
        <source>Open log &amp;folder</source>
        <translation>Abrir pasta de lo&amp;gs</translation>
    </message>
    <message>
        <source>Enter the service&apos;s address, as in https://chats.example.com.</source>
        <translation>Informe o endereço do serviço, como em https://chats.example.com.</translation>
    </message>
    <message>
        <source>An address has no spaces.</source>
        <translation>Um endereço não tem espaços.</translation>
    </message>
    <message>
        <source>The port is not valid: use a number from 1 to 65535.</source>
        <translation>A porta não é válida: use um número de 1 a 65535.</translation>
    </message>
    <message>
        <source>Start the address with https:// (or http://).</source>
        <translation>Comece o endereço com https:// (ou http://).</translation>
    </message>
    <message>
        <source>Add the service&apos;s host name, as in https://chats.example.com.</source>
        <translation>Inclua o nome do servidor, como em https://chats.example.com.</translation>
    </message>
    <message>
        <source>Choose a WAV file for your own sound, or pick one of the others.</source>
        <translation>Escolha um arquivo WAV para o seu som, ou um dos outros.</translation>
    </message>
    <message>
        <source>The sound file is no longer there: choose it again.</source>
        <translation>O arquivo de som não está mais lá: escolha-o de novo.</translation>
    </message>
    <message>
        <source>Choose a WAV sound</source>
        <translation>Escolher um som WAV</translation>
    </message>
    <message>
        <source>WAV sounds (*.wav *.WAV)</source>
        <translation>Sons WAV (*.wav *.WAV)</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Search the conversation list</source>
        <translation>Buscar na lista de conversas</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Novo chat</translation>
    </message>
    <message>
        <source>Open the next chat of the list</source>
        <translation>Abrir o próximo chat da lista</translation>
    </message>
    <message>
        <source>Open the previous chat of the list</source>
        <translation>Abrir o chat anterior da lista</translation>
    </message>
    <message>
        <source>Inbox tab</source>
        <translation>Aba Entrada</translation>
    </message>
    <message>
        <source>Mine tab</source>
        <translation>Aba Meus</translation>
    </message>
    <message>
        <source>In attendance tab</source>
        <translation>Aba Em atendimento</translation>
    </message>
    <message>
        <source>Closed tab</source>
        <translation>Aba Encerrados</translation>
    </message>
    <message>
        <source>Write a message</source>
        <translation>Escrever uma mensagem</translation>
    </message>
    <message>
        <source>Internal comment on or off</source>
        <translation>Ativar ou desativar o Comentário interno</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Anexar arquivos</translation>
    </message>
    <message>
        <source>Reply templates</source>
        <translation>Modelos de respostas</translation>
    </message>
    <message>
        <source>Send an approved WhatsApp template (after the 24-hour window)</source>
        <translation>Enviar um modelo aprovado do WhatsApp (depois da janela de 24 horas)</translation>
    </message>
    <message>
        <source>Assume the open chat</source>
        <translation>Assumir o chat aberto</translation>
    </message>
    <message>
        <source>Transfer the open chat</source>
        <translation>Transferir o chat aberto</translation>
    </message>
    <message>
        <source>Finish the open chat</source>
        <translation>Finalizar o chat aberto</translation>
    </message>
    <message>
        <source>Leave the open chat</source>
        <translation>Sair do chat aberto</translation>
    </message>
    <message>
        <source>Cancel the open chat</source>
        <translation>Cancelar o chat aberto</translation>
    </message>
    <message>
        <source>Add a ticket from the open chat</source>
        <translation>Adicionar um ticket a partir do chat aberto</translation>
    </message>
    <message>
        <source>Show or hide the information panel</source>
        <translation>Mostrar ou ocultar o painel de informações</translation>
    </message>
    <message>
        <source>Go Online or Offline</source>
        <translation>Ficar Online ou Offline</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atalhos de teclado</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>Enviar a mensagem</translation>
    </message>
    <message>
        <source>New line in the message</source>
        <translation>Nova linha na mensagem</translation>
    </message>
    <message>
        <source>Move in the conversation list</source>
        <translation>Mover-se na lista de conversas</translation>
    </message>
    <message>
        <source>Open the selected chat</source>
        <translation>Abrir o chat selecionado</translation>
    </message>
    <message>
        <source>Close a dialog</source>
        <translation>Fechar uma janela de diálogo</translation>
    </message>
    <message>
        <source>Up / Down</source>
        <translation>Seta para cima / para baixo</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atalhos de teclado</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Teclas</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Ação</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to Tiflux Chats</source>
        <translation>Entrar no Tiflux Chats</translation>
    </message>
    <message>
        <source>you@company.com</source>
        <translation>voce@empresa.com.br</translation>
    </message>
    <message>
        <source>Service &amp;address</source>
        <translation>E&amp;ndereço do serviço</translation>
    </message>
    <message>
        <source>&amp;E-mail</source>
        <translation>&amp;E-mail</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Senha</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Entrar</translation>
    </message>
    <message>
        <source>Wrong e-mail or password.</source>
        <translation>E-mail ou senha incorretos.</translation>
    </message>
    <message>
        <source>The service&apos;s certificate is not trusted (%1). Check the address, or ask whoever runs the service for a valid certificate.</source>
        <translation>O certificado do serviço não é confiável (%1). Confira o endereço ou peça um certificado válido a quem administra o serviço.</translation>
    </message>
    <message>
        <source>Cannot reach %1. Check the address and your network connection.</source>
        <translation>Não foi possível acessar %1. Confira o endereço e a sua conexão de rede.</translation>
    </message>
    <message>
        <source>%1 does not look like a Tiflux Chats service.</source>
        <translation>%1 não parece ser um serviço do Tiflux Chats.</translation>
    </message>
    <message>
        <source>The address is not valid: %1</source>
        <translation>O endereço não é válido: %1</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Entrando…</translation>
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
        <translation>Você pode assumir e responder chats. Clique para ficar Offline.</translation>
    </message>
    <message>
        <source>You cannot assume chats while Offline. Click to go Online.</source>
        <translation>Não é possível assumir chats enquanto estiver Offline. Clique para ficar Online.</translation>
    </message>
    <message>
        <source>Presence: %1</source>
        <translation>Presença: %1</translation>
    </message>
    <message>
        <source>The cached chats stay readable and searchable; messages you send are queued and go out when the connection returns.</source>
        <translation>Os chats já carregados continuam disponíveis para leitura e busca; as mensagens que você enviar ficam na fila e saem quando a conexão voltar.</translation>
    </message>
</context>
<context>
    <name>TemplateForm</name>
    <message>
        <source>Choose the template group</source>
        <translation>Escolha o grupo de modelos</translation>
    </message>
    <message>
        <source>Template group</source>
        <translation>Grupo de modelos</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Template &amp;group</source>
        <translation>&amp;Grupo de modelos</translation>
    </message>
    <message>
        <source>&amp;Template</source>
        <translation>&amp;Modelo</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Pré-visualização</translation>
    </message>
    <message>
        <source>The message the customer will receive.</source>
        <translation>A mensagem que o cliente vai receber.</translation>
    </message>
    <message>
        <source>Pre&amp;view</source>
        <translation>&amp;Pré-visualização</translation>
    </message>
    <message>
        <source>This integration has no approved template.</source>
        <translation>Esta integração não tem modelo aprovado.</translation>
    </message>
    <message>
        <source>Choose the template group.</source>
        <translation>Escolha o grupo de modelos.</translation>
    </message>
    <message>
        <source>Choose a template.</source>
        <translation>Escolha um modelo.</translation>
    </message>
    <message>
        <source>Fill in the variable %1 of the template.</source>
        <translation>Preencha a variável %1 do modelo.</translation>
    </message>
    <message>
        <source>HSM &amp;template</source>
        <translation>&amp;Modelo HSM</translation>
    </message>
    <message>
        <source>Choose the HSM template</source>
        <translation>Escolha o modelo HSM</translation>
    </message>
    <message>
        <source>Choose the template</source>
        <translation>Escolha o modelo</translation>
    </message>
    <message>
        <source>Value of %1</source>
        <translation>Valor de %1</translation>
    </message>
    <message>
        <source>Variable %1</source>
        <translation>Variável %1</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Transfer chat</source>
        <translation>Transferir chat</translation>
    </message>
    <message>
        <source>Choose a department</source>
        <translation>Escolha um departamento</translation>
    </message>
    <message>
        <source>Nobody: the department&apos;s inbox</source>
        <translation>Ninguém: a caixa de entrada do departamento</translation>
    </message>
    <message>
        <source>&amp;Department</source>
        <translation>&amp;Departamento</translation>
    </message>
    <message>
        <source>&amp;Attendant</source>
        <translation>&amp;Atendente</translation>
    </message>
    <message>
        <source>You can only transfer to your own departments.</source>
        <translation>Você só pode transferir para os seus departamentos.</translation>
    </message>
    <message>
        <source>Only attendants who work in the chosen department are listed.</source>
        <translation>Só aparecem os atendentes que trabalham no departamento escolhido.</translation>
    </message>
    <message>
        <source>&amp;Transfer</source>
        <translation>&amp;Transferir</translation>
    </message>
    <message>
        <source>Transferring…</source>
        <translation>Transferindo…</translation>
    </message>
    <message>
        <source>%1 (current)</source>
        <translation>%1 (atual)</translation>
    </message>
    <message>
        <source>Choose a department or an attendant.</source>
        <translation>Escolha um departamento ou um atendente.</translation>
    </message>
    <message>
        <source>The chat is already in this department: choose another one or an attendant.</source>
        <translation>O chat já está neste departamento: escolha outro ou um atendente.</translation>
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
        <translation>Mostrar o Tiflux Chats</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Mute sounds</source>
        <translation>Silenciar sons</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Sair do Tiflux Chats</translation>
    </message>
    <message numerus="yes">
        <source>Tiflux Chats — %n chat(s) waiting in Entrada</source>
        <translation>
            <numerusform>Tiflux Chats — %n chat aguardando em Entrada</numerusform>
            <numerusform>Tiflux Chats — %n chats aguardando em Entrada</numerusform>
        </translation>
    </message>
    <message>
        <source>Tiflux Chats — no chat waiting</source>
        <translation>Tiflux Chats — nenhum chat aguardando</translation>
    </message>
    <message>
        <source>You are Offline</source>
        <translation>Você está Offline</translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message>
        <source>Inbox</source>
        <translation>Entrada</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Meus</translation>
    </message>
    <message>
        <source>In attendance</source>
        <translation>Em atendimento</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Encerrados</translation>
    </message>
    <message>
        <source>Website widget</source>
        <translation>Widget Externo</translation>
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
        <translation>WhatsApp tradicional</translation>
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
        <translation>Campanha</translation>
    </message>
    <message>
        <source>Triage</source>
        <translation>Triagem</translation>
    </message>
    <message>
        <source>Waiting for an attendant</source>
        <translation>Aguardando atendimento</translation>
    </message>
    <message>
        <source>Waiting for the customer</source>
        <translation>Aguardando cliente</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Finalizado</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <source>Requester name</source>
        <translation>Nome do solicitante</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Departamento</translation>
    </message>
    <message>
        <source>Responsible</source>
        <translation>Responsável</translation>
    </message>
    <message>
        <source>Attendant group</source>
        <translation>Grupo de atendentes</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Na fila</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Enviada</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Entregue</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Lida</translation>
    </message>
    <message>
        <source>Not delivered</source>
        <translation>Não entregue</translation>
    </message>
    <message>
        <source>No connection</source>
        <translation>Sem conexão</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Conectando…</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Sincronizando…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Conectado</translation>
    </message>
    <message>
        <source>This chat belongs to a department you do not attend.</source>
        <translation>Este chat pertence a um departamento que você não atende.</translation>
    </message>
    <message>
        <source>You are Offline: go Online to assume chats.</source>
        <translation>Você está Offline: fique Online para assumir chats.</translation>
    </message>
    <message>
        <source>This chat is closed.</source>
        <translation>Este chat está encerrado.</translation>
    </message>
    <message>
        <source>Another attendant is responsible for it.</source>
        <translation>Outro atendente é o responsável por ele.</translation>
    </message>
    <message>
        <source>You are already responsible for it.</source>
        <translation>Você já é o responsável por ele.</translation>
    </message>
    <message>
        <source>Only the attendant responsible for this chat can do this.</source>
        <translation>Só o atendente responsável por este chat pode fazer isso.</translation>
    </message>
    <message>
        <source>Nobody has assumed this chat yet.</source>
        <translation>Ninguém assumiu este chat ainda.</translation>
    </message>
    <message>
        <source>More than 24 hours since the customer&apos;s last message: WhatsApp only accepts an approved template.</source>
        <translation>Mais de 24 horas desde a última mensagem do cliente: o WhatsApp só aceita um modelo aprovado.</translation>
    </message>
    <message>
        <source>You can only transfer to your own departments.</source>
        <translation>Você só pode transferir para os seus departamentos.</translation>
    </message>
    <message>
        <source>Your session has expired: sign in again.</source>
        <translation>Sua sessão expirou: entre novamente.</translation>
    </message>
    <message>
        <source>The service&apos;s certificate is not trusted, so the connection was refused.</source>
        <translation>O certificado do serviço não é confiável, por isso a conexão foi recusada.</translation>
    </message>
    <message>
        <source>The service cannot be reached. Check the address and the network.</source>
        <translation>Não foi possível acessar o serviço. Confira o endereço e a rede.</translation>
    </message>
    <message>
        <source>Ticket #%1 was created, but linking it to the chat failed.</source>
        <translation>O ticket #%1 foi criado, mas não foi possível vinculá-lo ao chat.</translation>
    </message>
    <message>
        <source>This chat is no longer available to you.</source>
        <translation>Este chat não está mais disponível para você.</translation>
    </message>
    <message>
        <source>Sign in to continue.</source>
        <translation>Entre para continuar.</translation>
    </message>
    <message>
        <source>The service refused it: %1</source>
        <translation>O serviço recusou: %1</translation>
    </message>
    <message>
        <source>The service could not do it now. Try again.</source>
        <translation>O serviço não conseguiu fazer isso agora. Tente novamente.</translation>
    </message>
    <message>
        <source>Something went wrong: %1</source>
        <translation>Algo deu errado: %1</translation>
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
        <translation>No máximo %1 arquivos por mensagem.</translation>
    </message>
    <message>
        <source>%1 cannot be read.</source>
        <translation>Não é possível ler %1.</translation>
    </message>
    <message>
        <source>%1 is %2; the limit for this kind of file is %3.</source>
        <translation>%1 tem %2; o limite para este tipo de arquivo é %3.</translation>
    </message>
</context>
<context>
    <name>_Banner</name>
    <message>
        <source>&amp;Dismiss</source>
        <translation>&amp;Dispensar</translation>
    </message>
</context>
</TS>
