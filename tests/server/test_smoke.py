"""The service starts, seeds the demo organisation, and a chat goes through triage to assume."""

from __future__ import annotations

from support import ANA, SUPORTE, Live


def test_customer_chat_reaches_suporte_inbox_and_ana_assumes_it(live: Live) -> None:
    ana = live.attendant(ANA)
    customer = live.customer(name="Maria Teste")
    chat_id = customer.open_chat("1")

    inbox = ana.get("/chats/inbox").json()
    assert [c["id"] for c in inbox] == [chat_id]
    assert inbox[0]["department"]["id"] == SUPORTE

    chat = ana.put(f"/chats/{chat_id}/assume").json()
    assert chat["responsible"]["name"] == "Ana Souza"
    texts = [m["text"] for m in customer.inbox()]
    assert "Olá, meu nome é Ana Souza e serei o responsável pelo seu atendimento!" in texts
