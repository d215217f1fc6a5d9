"""Messages in a chat: who may write what, idempotent sends, quotes, status flips, delivery,
pages, attachments and their limits, the WhatsApp 24-hour window and Novo chat."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest

from support import (
    ADMIN,
    ANA,
    BRUNO,
    CARLA,
    SUPORTE,
    VENDAS,
    WHATSAPP_CLOUD,
    WIDGET,
    Customer,
    Live,
    make_config,
)
from tiflux_desktop.domain import AttachmentLimits
from tiflux_desktop.protocol import ErrorCode
from tiflux_desktop.server.config import ServiceConfig

ANA_ID, CARLA_ID = 2, 4


def expect_error(response: httpx.Response, status: int, code: ErrorCode) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["code"] == code.value, body
    assert body["message"]
    return body


def ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    return dict(response.json())


def messages(client: httpx.Client, chat_id: int, **params: Any) -> list[dict[str, Any]]:
    response = client.get(f"/chats/{chat_id}/messages", params={"limit": 200, **params})
    assert response.status_code == 200, response.text
    return list(response.json())


def send(client: httpx.Client, chat_id: int, **body: Any) -> list[dict[str, Any]]:
    """Post a message that must be accepted as new (201); returns the messages it made."""
    return list(ok(client.post(f"/chats/{chat_id}/messages", json=body), 201)["messages"])


def status_of(client: httpx.Client, chat_id: int) -> str:
    return str(ok(client.get(f"/chats/{chat_id}"))["status"])


def taken_by_ana(live: Live, ana: httpx.Client, name: str = "Maria Teste") -> tuple[int, Customer]:
    customer = live.customer(name=name)
    chat_id = customer.open_chat("1")
    ok(ana.put(f"/chats/{chat_id}/assume"))
    return chat_id, customer


# --- who may write ------------------------------------------------------------------------


def test_a_public_message_needs_the_chat_to_be_yours(live: Live) -> None:
    ana, carla, admin = live.attendant(ANA), live.attendant(CARLA), live.attendant(ADMIN)
    waiting = live.customer(name="Na fila").open_chat("1")
    chat_id, customer = taken_by_ana(live, ana)
    customer.inbox()
    before = messages(ana, chat_id)

    for other in (carla, admin):
        body = expect_error(
            other.post(f"/chats/{chat_id}/messages", json={"text": "Posso ajudar?"}),
            403,
            ErrorCode.NO_PERMISSION,
        )
        assert body["details"]["reason"] == "not_responsible"
    expect_error(
        ana.post(f"/chats/{waiting}/messages", json={"text": "Oi"}), 403, ErrorCode.NO_PERMISSION
    )
    assert messages(ana, chat_id) == before
    assert customer.inbox() == []

    [sent] = send(ana, chat_id, text="Em que posso ajudar?")
    assert sent["author"] == {"type": "attendant", "id": ANA_ID, "name": "Ana Souza"}
    assert sent["internal"] is False
    assert sent["text"] == "Em que posso ajudar?"
    assert [m["text"] for m in customer.inbox()] == ["Em que posso ajudar?"]


def test_an_internal_comment_needs_only_access(live: Live) -> None:
    ana, carla, bruno = live.attendant(ANA), live.attendant(CARLA), live.attendant(BRUNO)
    chat_id, _ = taken_by_ana(live, ana)
    waiting = live.customer(name="Na fila").open_chat("1")

    [note] = send(carla, chat_id, text="Esse cliente já ligou ontem", internal=True)
    [inbox_note] = send(carla, waiting, text="Parece spam", internal=True)

    assert note["internal"] is True
    assert note["author"] == {"type": "attendant", "id": CARLA_ID, "name": "Carla Mendes"}
    assert note["status"] is None  # never delivered to a channel
    assert inbox_note["internal"] is True
    assert messages(ana, chat_id)[-1]["id"] == note["id"]
    assert status_of(ana, chat_id) == "waiting_client"  # a comment does not change who owes
    assert status_of(ana, waiting) == "waiting_attendance"
    expect_error(
        bruno.post(f"/chats/{chat_id}/messages", json={"text": "Oi", "internal": True}),
        403,
        ErrorCode.NO_PERMISSION,
    )


def test_internal_comments_never_reach_the_customer(live: Live) -> None:
    ana, carla = live.attendant(ANA), live.attendant(CARLA)
    chat_id, customer = taken_by_ana(live, ana)
    seen = customer.inbox()
    assert all(m["author"]["type"] != "attendant" or "Olá, meu nome é" in m["text"] for m in seen)

    send(ana, chat_id, text="Nota só para a equipe", internal=True)
    send(carla, chat_id, text="Outra nota interna", internal=True)
    send(ana, chat_id, text="Já estou verificando.")

    texts = [m["text"] for m in customer.inbox()]
    assert texts == ["Já estou verificando."]
    everything = [m["text"] or "" for m in Customer(customer.http, customer.contact_id).inbox()]
    assert len(everything) == len(seen) + 1
    assert not any("Nota" in t or "assumiu" in t for t in everything)
    assert len(messages(ana, chat_id)) > len(everything)  # the team sees more


# --- idempotency, quotes --------------------------------------------------------------------


def test_the_same_client_message_id_never_makes_a_second_message(live: Live) -> None:
    ana = live.attendant(ANA)
    chat_id, customer = taken_by_ana(live, ana)
    customer.inbox()
    key = str(uuid.uuid4())

    first = ana.post(f"/chats/{chat_id}/messages", json={"text": "Olá!", "client_message_id": key})
    again = ana.post(f"/chats/{chat_id}/messages", json={"text": "Olá!", "client_message_id": key})

    assert first.status_code == 201, first.text
    assert again.status_code == 200, again.text
    [made] = first.json()["messages"]
    assert made["client_message_id"] == key
    assert [m["id"] for m in again.json()["messages"]] == [made["id"]]
    assert [m["id"] for m in messages(ana, chat_id) if m["client_message_id"] == key] == [
        made["id"]
    ]
    assert [m["text"] for m in customer.inbox()] == ["Olá!"]

    [other] = send(ana, chat_id, text="Olá!", client_message_id=str(uuid.uuid4()))
    assert other["id"] > made["id"]
    expect_error(
        ana.post(f"/chats/{chat_id}/messages", json={"text": "x", "client_message_id": "abc"}),
        422,
        ErrorCode.VALIDATION,
    )


def at_once(*calls: Callable[[], httpx.Response]) -> list[httpx.Response]:
    """Run the calls in threads released together."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], httpx.Response]) -> httpx.Response:
        barrier.wait(timeout=10)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = [pool.submit(run, call) for call in calls]
        return [f.result(timeout=30) for f in futures]


def test_concurrent_retries_with_one_client_message_id_make_one_message(live: Live) -> None:
    """The outbox retries while the first try is still in flight: one message, one file."""
    ana = live.attendant(ANA)
    retry = live.attendant(ANA)
    chat_id, _ = taken_by_ana(live, ana)
    for round_ in range(5):
        key = str(uuid.uuid4())
        calls = [
            partial(
                upload,
                client,
                chat_id,
                [(f"print{round_}.pdf", PDF, "application/pdf")],
                text="Segue o print",
                client_message_id=key,
            )
            for client in (ana, retry)
        ]

        answers = at_once(*calls)

        assert sorted(r.status_code for r in answers) == [200, 201], [r.text for r in answers]
        assert answers[0].json() == answers[1].json()
        made = [m for m in messages(ana, chat_id) if m["client_message_id"] == key]
        assert len(made) == 1
    stored = [p for p in live.config.attachments_dir.rglob("*") if p.is_file()]
    assert len(stored) == 5  # the retry's copy was not left behind


def test_a_quoted_message_must_be_in_the_same_chat(live: Live) -> None:
    ana = live.attendant(ANA)
    chat_id, customer = taken_by_ana(live, ana)
    other_chat, other_customer = taken_by_ana(live, ana, "Outro Cliente")
    asked = customer.say("Qual o prazo de entrega?")
    elsewhere = other_customer.say("Mensagem de outro chat")

    [reply] = send(ana, chat_id, text="Cinco dias úteis.", quoted_message_id=asked["message_id"])

    assert reply["quoted_message"]["id"] == asked["message_id"]
    assert reply["quoted_message"]["text"] == "Qual o prazo de entrega?"
    assert reply["quoted_message"]["author"]["type"] == "client"
    assert messages(ana, chat_id)[-1]["quoted_message"]["id"] == asked["message_id"]
    before = messages(ana, chat_id)
    for bad in (elsewhere["message_id"], 999_999):
        expect_error(
            ana.post(f"/chats/{chat_id}/messages", json={"text": "Oi", "quoted_message_id": bad}),
            422,
            ErrorCode.VALIDATION,
        )
    assert messages(ana, chat_id) == before
    assert len(messages(ana, other_chat)) > 0


# --- status and delivery -------------------------------------------------------------------


def test_who_wrote_last_sets_the_status(live: Live) -> None:
    ana, carla = live.attendant(ANA), live.attendant(CARLA)
    chat_id, customer = taken_by_ana(live, ana)
    assert status_of(ana, chat_id) == "waiting_client"

    customer.say("Ainda não funcionou")
    assert status_of(ana, chat_id) == "in_attendance"
    send(carla, chat_id, text="Ver log do servidor", internal=True)
    assert status_of(ana, chat_id) == "in_attendance"

    send(ana, chat_id, text="Vou verificar")
    chat = ok(ana.get(f"/chats/{chat_id}"))
    assert chat["status"] == "waiting_client"
    assert chat["last_message_preview"] == "Vou verificar"
    assert chat["last_client_message"] == "Ainda não funcionou"

    customer.say("Obrigado")
    assert status_of(ana, chat_id) == "in_attendance"


def test_delivery_goes_sent_then_delivered_then_read(live: Live) -> None:
    ana = live.attendant(ANA)
    chat_id, customer = taken_by_ana(live, ana)

    [sent] = send(ana, chat_id, text="Pode me mandar um print?")

    def delivery() -> str:
        found = [m for m in messages(ana, chat_id) if m["id"] == sent["id"]]
        return str(found[0]["status"])

    assert sent["status"] == "sent"
    assert delivery() == "sent"
    assert "Pode me mandar um print?" in [m["text"] for m in customer.inbox()]
    assert delivery() == "delivered"
    customer.say("Mando sim")
    assert delivery() == "read"
    customer.inbox()
    assert delivery() == "read"  # never backwards


def test_messages_come_in_chronological_pages(live: Live) -> None:
    ana = live.attendant(ANA)
    chat_id, _ = taken_by_ana(live, ana)
    for n in range(12):
        send(ana, chat_id, text=f"mensagem {n}")
    everything = messages(ana, chat_id)
    ids = [m["id"] for m in everything]
    assert ids == sorted(ids)
    assert everything[-1]["text"] == "mensagem 11"
    total = len(ids)
    assert total >= 20

    pages: list[int] = []
    for offset in range(1, total // 5 + 2):
        response = ana.get(f"/chats/{chat_id}/messages", params={"offset": offset, "limit": 5})
        assert response.status_code == 200
        assert int(response.headers["X-Total-Items"]) == total
        pages += [m["id"] for m in response.json()]
    assert pages == ids

    before = ana.get(f"/chats/{chat_id}/messages", params={"before_id": ids[10], "limit": 3})
    assert [m["id"] for m in before.json()] == ids[7:10]
    latest = ana.get(f"/chats/{chat_id}/messages", params={"latest": "true", "limit": 4})
    assert [m["id"] for m in latest.json()] == ids[-4:]
    assert int(latest.headers["X-Total-Items"]) == total
    oldest = ana.get(f"/chats/{chat_id}/messages", params={"before_id": ids[2], "limit": 10})
    assert [m["id"] for m in oldest.json()] == ids[:2]
    newer = ana.get(f"/chats/{chat_id}/messages", params={"after_id": ids[-3], "limit": 10})
    assert [m["id"] for m in newer.json()] == ids[-2:]
    for bad in ({"offset": 0}, {"limit": 0}, {"limit": 201}):
        expect_error(ana.get(f"/chats/{chat_id}/messages", params=bad), 422, ErrorCode.VALIDATION)


# --- attachments ------------------------------------------------------------------------------


PDF = b"%PDF-1.4\n" + bytes(range(256)) * 20 + b"\n%%EOF\n"


def upload(
    client: httpx.Client,
    chat_id: int,
    files: list[tuple[str, bytes, str]],
    **fields: str,
) -> httpx.Response:
    return client.post(
        f"/chats/{chat_id}/messages",
        data=fields,
        files=[("files[]", (name, content, ctype)) for name, content, ctype in files],
    )


def test_an_attachment_goes_up_with_its_caption_and_comes_back_byte_for_byte(live: Live) -> None:
    ana, carla = live.attendant(ANA), live.attendant(CARLA)
    chat_id, customer = taken_by_ana(live, ana)
    customer.inbox()

    response = upload(ana, chat_id, [("boleto março.pdf", PDF, "application/pdf")], text="Segue")

    assert response.status_code == 201, response.text
    [message] = response.json()["messages"]
    media = message["media"]
    assert media["filename"] == "boleto março.pdf"
    assert media["content_type"] == "application/pdf"
    assert media["size"] == len(PDF)
    assert media["caption"] == "Segue"
    assert message["text"] is None
    assert messages(ana, chat_id)[-1]["media"] == media
    assert status_of(ana, chat_id) == "waiting_client"
    [seen] = customer.inbox()
    assert seen["media"]["id"] == media["id"]
    assert seen["media"]["caption"] == "Segue"
    for reader in (ana, carla):
        download = reader.get(f"/attachments/{media['id']}")
        assert download.status_code == 200, download.text
        assert download.content == PDF
        assert download.headers["content-type"].startswith("application/pdf")
        assert download.headers["content-disposition"].startswith("attachment")
        assert download.headers["x-content-type-options"] == "nosniff"
    expect_error(ana.get("/attachments/999999"), 404, ErrorCode.NOT_FOUND)


def test_several_attachments_make_one_message_each_after_the_text(live: Live) -> None:
    ana = live.attendant(ANA)
    chat_id, _ = taken_by_ana(live, ana)
    key = str(uuid.uuid4())
    files = [
        ("a.txt", b"primeiro", "text/plain"),
        ("b.png", b"\x89PNG\r\n\x1a\nfake", "image/png"),
    ]

    response = upload(ana, chat_id, files, text="Dois arquivos", client_message_id=key)
    again = upload(ana, chat_id, files, text="Dois arquivos", client_message_id=key)

    assert response.status_code == 201, response.text
    made = response.json()["messages"]
    assert [m["text"] for m in made] == ["Dois arquivos", None, None]
    assert [m["media"]["filename"] for m in made[1:]] == ["a.txt", "b.png"]
    assert again.status_code == 200, again.text
    assert [m["id"] for m in again.json()["messages"]] == [m["id"] for m in made]
    assert ana.get(f"/attachments/{made[2]['media']['id']}").content == files[1][1]


def test_a_vendas_attendant_cannot_download_a_suporte_attachment(live: Live) -> None:
    ana, bruno = live.attendant(ANA), live.attendant(BRUNO)
    chat_id, _ = taken_by_ana(live, ana)
    response = upload(ana, chat_id, [("contrato.pdf", PDF, "application/pdf")])
    assert response.status_code == 201, response.text
    attachment_id = response.json()["messages"][0]["media"]["id"]

    expect_error(bruno.get(f"/attachments/{attachment_id}"), 403, ErrorCode.NO_PERMISSION)
    assert ana.get(f"/attachments/{attachment_id}").content == PDF


class TestAttachmentLimits:
    @pytest.fixture
    def service_config(self, tmp_path: Path) -> ServiceConfig:
        return make_config(
            tmp_path, limits=AttachmentLimits(file_max_bytes=2000, media_max_bytes=1000)
        )

    @staticmethod
    def stored_files(live: Live) -> list[Path]:
        return [p for p in live.config.attachments_dir.rglob("*") if p.is_file()]

    def test_files_and_media_over_their_limits_are_refused_and_leave_nothing(
        self, live: Live
    ) -> None:
        ana = live.attendant(ANA)
        chat_id, customer = taken_by_ana(live, ana)
        customer.inbox()
        before = messages(ana, chat_id)
        too_big = [
            [("foto.png", b"\x89PNG" + b"x" * 997, "image/png")],  # 1001 bytes of media
            [("foto.png", b"x" * 1001, "application/octet-stream")],  # media by its name
            [("laudo.pdf", b"x" * 2001, "application/pdf")],
            [("ok.pdf", b"x" * 10, "application/pdf"), ("big.pdf", b"x" * 2001, "application/pdf")],
        ]

        for files in too_big:
            response = upload(ana, chat_id, files, text="legenda")
            body = expect_error(response, 413, ErrorCode.TOO_LARGE)
            assert body["details"]["limit_bytes"] in (1000, 2000)

        assert self.stored_files(live) == []
        assert messages(ana, chat_id) == before
        assert customer.inbox() == []

        fits = [("laudo.pdf", b"y" * 1500, "application/pdf")]
        accepted = upload(ana, chat_id, fits)
        assert accepted.status_code == 201, accepted.text
        assert accepted.json()["messages"][0]["media"]["size"] == 1500
        [stored] = self.stored_files(live)
        assert stored.read_bytes() == b"y" * 1500
        image = upload(ana, chat_id, [("foto.png", b"z" * 1000, "image/png")])
        assert image.status_code == 201, image.text

    def test_a_refused_message_keeps_no_file_either(self, live: Live) -> None:
        ana, carla = live.attendant(ANA), live.attendant(CARLA)
        chat_id, _ = taken_by_ana(live, ana)
        before = messages(ana, chat_id)

        response = upload(carla, chat_id, [("laudo.pdf", b"x" * 100, "application/pdf")])

        expect_error(response, 403, ErrorCode.NO_PERMISSION)
        assert self.stored_files(live) == []
        assert messages(ana, chat_id) == before


# --- WhatsApp: the 24-hour window and Novo chat ------------------------------------------------


def age_last_client_message(live: Live, chat_id: int, hours: float = 25) -> None:
    """Pretend the customer's last message is ``hours`` old (naive UTC, as the service keeps)."""
    when = (datetime.now(UTC) - timedelta(hours=hours)).replace(tzinfo=None)
    with sqlite3.connect(live.config.data_dir / "service.db", timeout=10) as db:
        db.execute(
            "UPDATE chats SET last_client_message_at = ? WHERE id = ?",
            (when.strftime("%Y-%m-%d %H:%M:%S.%f"), chat_id),
        )
    db.close()


def approved_cloud_template(client: httpx.Client) -> dict[str, Any]:
    response = client.get("/templates/whatsapp_cloud", params={"integration_id": WHATSAPP_CLOUD})
    assert response.status_code == 200, response.text
    approved = [t for t in response.json() if t["status"] == "APPROVED" and t["keys"]["body"]]
    assert approved
    return dict(approved[0])


def fill(template: dict[str, Any], values: list[str]) -> str:
    text = str(template["body"]["text"])
    for key, value in zip(template["keys"]["body"], values, strict=True):
        text = text.replace("{{" + key + "}}", value)
    return text


def test_whatsapp_free_text_needs_the_24_hour_window_and_a_template_does_not(
    live: Live,
) -> None:
    ana = live.attendant(ANA)
    customer = live.customer(WHATSAPP_CLOUD, "Maria Zap", telephone="5511999990001")
    chat_id = customer.open_chat("1")
    chat = ok(ana.put(f"/chats/{chat_id}/assume"))
    assert chat["origin"] == "whatsapp_cloud"
    send(ana, chat_id, text="Dentro da janela")

    age_last_client_message(live, chat_id)
    body = expect_error(
        ana.post(f"/chats/{chat_id}/messages", json={"text": "Fora da janela"}),
        422,
        ErrorCode.OUTSIDE_WINDOW,
    )
    assert body["details"]["reason"] == "outside_24h_window"
    template = approved_cloud_template(ana)
    values = ["Maria", "o pedido 42"]
    [sent] = send(ana, chat_id, template_id=template["id"], parameters=values)

    assert sent["template_id"] == template["id"]
    assert sent["text"] == fill(template, values)
    send(ana, chat_id, text="Nota da equipe", internal=True)  # comments are not sent out
    customer.say("Oi, pode falar")
    send(ana, chat_id, text="De volta à janela")


def test_a_template_needs_all_its_parameters_and_must_be_approved(live: Live) -> None:
    ana = live.attendant(ANA)
    customer = live.customer(WHATSAPP_CLOUD, "Maria Zap", telephone="5511999990002")
    chat_id = customer.open_chat("1")
    ok(ana.put(f"/chats/{chat_id}/assume"))
    age_last_client_message(live, chat_id)
    template = approved_cloud_template(ana)
    listed = ana.get("/templates/whatsapp_cloud", params={"integration_id": WHATSAPP_CLOUD})
    pending = [t for t in listed.json() if t["status"] != "APPROVED"]
    before = messages(ana, chat_id)

    expect_error(
        ana.post(
            f"/chats/{chat_id}/messages", json={"template_id": template["id"], "parameters": []}
        ),
        422,
        ErrorCode.VALIDATION,
    )
    for refused in pending:
        expect_error(
            ana.post(
                f"/chats/{chat_id}/messages",
                json={"template_id": refused["id"], "parameters": ["a", "b"]},
            ),
            422,
            ErrorCode.VALIDATION,
        )
    assert messages(ana, chat_id) == before


def test_on_the_widget_a_template_id_is_a_canned_reply(live: Live) -> None:
    ana = live.attendant(ANA)
    chat_id, customer = taken_by_ana(live, ana)
    customer.inbox()
    listed = ana.get("/message-templates", params={"title": "Saudação"})
    [canned] = [t for t in listed.json() if t["title"] == "Saudação"]
    assert canned["variables"] == ["nome"]

    [sent] = send(ana, chat_id, template_id=canned["id"], parameters=["Maria"])

    assert sent["text"] == "Olá Maria, tudo bem? Em que posso ajudar?"
    assert [m["text"] for m in customer.inbox()] == [sent["text"]]


def new_chat(client: httpx.Client, **body: Any) -> httpx.Response:
    return client.post("/chats/send_message", json={"integration_id": WHATSAPP_CLOUD, **body})


def test_novo_chat_with_a_template_to_a_new_number(live: Live) -> None:
    ana, carla = live.attendant(ANA), live.attendant(CARLA)
    template = approved_cloud_template(ana)
    values = ["Paulo", "sua instalação"]

    response = new_chat(
        ana,
        number="11988887777",
        name="Paulo Novo",
        template_id=template["id"],
        parameters=values,
    )

    answer = ok(response, 201)
    chat, message = answer["chat"], answer["message"]
    assert chat["started_by"] == "Attendant"
    assert chat["origin"] == "whatsapp_cloud"
    assert chat["responsible"] == {"id": ANA_ID, "name": "Ana Souza"}
    assert chat["department"]["id"] == SUPORTE
    assert chat["status"] == "waiting_client"
    assert chat["requestor"]["name"] == "Paulo Novo"
    assert chat["requestor"]["telephone"] == "5511988887777"
    assert message["text"] == fill(template, values)
    assert message["template_id"] == template["id"]
    assert [c["id"] for c in ana.get("/chats/mine").json()] == [chat["id"]]
    assert [c["id"] for c in carla.get("/chats/mine").json()] == []
    assert [m["id"] for m in messages(ana, chat["id"])] == [message["id"]]
    # Nobody wrote in: free text is still outside the window.
    expect_error(
        ana.post(f"/chats/{chat['id']}/messages", json={"text": "Oi"}),
        422,
        ErrorCode.OUTSIDE_WINDOW,
    )


def test_novo_chat_with_free_text_needs_a_recent_message_from_the_number(live: Live) -> None:
    ana = live.attendant(ANA)

    expect_error(
        new_chat(ana, number="5511977776666", message="Olá, tudo bem?"),
        422,
        ErrorCode.OUTSIDE_WINDOW,
    )
    assert ana.get("/chats/mine").json() == []
    assert ana.get("/contacts", params={"q": "5511977776666"}).json() == []

    # A customer who wrote today (and left the bot) can get free text.
    customer = live.customer(WHATSAPP_CLOUD, "Maria Zap", telephone="5511977775555")
    customer.say("Oi")
    assert customer.say("0")["chat_status"] == "finished"
    answer = ok(new_chat(ana, number="5511977775555", message="Olá, tudo bem?"), 201)
    assert answer["message"]["text"] == "Olá, tudo bem?"
    assert answer["chat"]["requestor"]["id"] == customer.contact_id


def test_novo_chat_to_a_number_with_an_open_chat_is_a_conflict(live: Live) -> None:
    ana = live.attendant(ANA)
    customer = live.customer(WHATSAPP_CLOUD, "Maria Zap", telephone="5511966665555")
    chat_id = customer.open_chat("1")
    template = approved_cloud_template(ana)

    body = expect_error(
        new_chat(ana, number="11966665555", template_id=template["id"], parameters=["a", "b"]),
        409,
        ErrorCode.OPEN_CHAT_EXISTS,
    )

    assert body["details"]["chat_id"] == chat_id
    assert ana.get("/chats/mine").json() == []


def test_novo_chat_can_be_finished_at_once(live: Live) -> None:
    ana = live.attendant(ANA)
    template = approved_cloud_template(ana)

    answer = ok(
        new_chat(
            ana,
            number="5511955554444",
            template_id=template["id"],
            parameters=["Ana", "o aviso"],
            archive=True,
        ),
        201,
    )

    chat = answer["chat"]
    assert chat["status"] == "finished"
    assert chat["archived"] is True
    assert chat["finished_at"] is not None
    assert ana.get("/chats/mine").json() == []
    assert [c["id"] for c in ana.get("/chats/archived").json()] == [chat["id"]]


def test_novo_chat_refuses_an_invalid_number(live: Live) -> None:
    ana = live.attendant(ANA)
    template = approved_cloud_template(ana)

    for number in ("+55 11 98888-7777", "1198", "55119888877771234", ""):
        expect_error(
            new_chat(ana, number=number, template_id=template["id"], parameters=["a", "b"]),
            422,
            ErrorCode.VALIDATION,
        )
    valid = {"number": "5511944443333", "template_id": template["id"], "parameters": ["a", "b"]}
    expect_error(new_chat(ana, **valid, integration_id=WIDGET), 422, ErrorCode.VALIDATION)
    expect_error(new_chat(ana, **valid, department_id=VENDAS), 403, ErrorCode.NO_PERMISSION)
    expect_error(new_chat(ana, **{**valid, "parameters": ["a"]}), 422, ErrorCode.VALIDATION)
    expect_error(
        new_chat(ana, number="5511944443333", message="Oi", template_id=template["id"]),
        422,
        ErrorCode.VALIDATION,
    )
    assert ana.get("/chats/mine").json() == []
    assert ana.get("/contacts", params={"q": "5511944443333"}).json() == []
