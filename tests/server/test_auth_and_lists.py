"""Sign-in, the signed-in attendant, and the four tab lists with their filters, search,
pagination and permissions, over real HTTP against a fresh service."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from support import (
    ADMIN,
    ANA,
    BRUNO,
    CARLA,
    FINANCEIRO,
    GUPSHUP,
    SUPORTE,
    VENDAS,
    WHATSAPP_CLOUD,
    Live,
)
from tiflux_desktop.server.demo import DEMO_PASSWORD

TABS = ("inbox", "mine", "in_attendance", "archived")
JOAO_PHONE = "5511987650001"  # seeded contact 1, João da Silva, client 1 (Padaria Pão Quente)
PADARIA = 1
CLOUD_TEMPLATE = 3  # retomar_atendimento, APPROVED, WhatsApp Cloud, two parameters


def ids(response: httpx.Response) -> list[int]:
    assert response.status_code == 200, response.text
    return [int(chat["id"]) for chat in response.json()]


def listed(client: httpx.Client, tab: str, **params: Any) -> list[int]:
    return ids(client.get(f"/chats/{tab}", params={"limit": 200, **params}))


def total(response: httpx.Response) -> int:
    assert response.status_code == 200, response.text
    return int(response.headers["X-Total-Items"])


def triage_chat(live: Live, name: str = "Cliente Triagem", **kwargs: Any) -> int:
    """A chat whose customer has not answered the bot yet (no department)."""
    return int(live.customer(name=name, **kwargs).say("Oi, bom dia")["chat_id"])


def error_code(response: httpx.Response) -> int:
    body = response.json()
    assert isinstance(body["message"], str)
    return int(body["code"])


# --- sign-in ----------------------------------------------------------------------------


def test_wrong_password_and_unknown_email_are_40101(live: Live) -> None:
    anonymous = live.anonymous()
    for email, password in ((ANA, "wrong"), ("nobody@demo.tiflux.local", DEMO_PASSWORD)):
        response = anonymous.post("/auth/login", json={"email": email, "password": password})
        assert response.status_code == 401
        assert error_code(response) == 40101


def test_login_returns_a_working_token_and_logout_invalidates_it(live: Live) -> None:
    response = live.anonymous().post(
        "/auth/login", json={"email": ANA.upper(), "password": DEMO_PASSWORD}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["user"]["email"] == ANA
    assert body["user"]["department_ids"] == [SUPORTE]
    assert datetime.fromisoformat(body["expires_at"]) > datetime.now(UTC)
    client = httpx.Client(
        base_url=live.api, timeout=15, headers={"Authorization": f"Bearer {body['token']}"}
    )
    with client:
        assert client.get("/me").json()["user"]["name"] == "Ana Souza"
        assert client.get("/chats/inbox").status_code == 200
        assert client.post("/auth/logout").status_code == 204
        after = client.get("/me")
        assert after.status_code == 401
        assert error_code(after) == 40101
        assert after.headers["WWW-Authenticate"] == "Bearer"
        assert client.get("/chats/inbox").status_code == 401
    # Another session of the same attendant is unaffected.
    assert live.attendant(ANA).get("/me").status_code == 200


def test_an_expired_token_is_40102(live: Live) -> None:
    token = live.token(BRUNO)
    client = httpx.Client(
        base_url=live.api, timeout=15, headers={"Authorization": f"Bearer {token}"}
    )
    with client:
        assert client.get("/me").status_code == 200
        past = (datetime.now(UTC) - timedelta(minutes=5)).replace(tzinfo=None)
        connection = sqlite3.connect(live.config.data_dir / "service.db", timeout=10)
        try:
            with connection:
                changed = connection.execute(
                    "UPDATE sessions SET expires_at = ? WHERE token_hash = ?",
                    (
                        past.isoformat(sep=" ", timespec="microseconds"),
                        hashlib.sha256(token.encode()).hexdigest(),
                    ),
                ).rowcount
        finally:
            connection.close()
        assert changed == 1
        response = client.get("/me")
        assert response.status_code == 401
        assert error_code(response) == 40102
        assert client.get("/chats/counts").status_code == 401


def test_me_shows_the_user_and_the_organization_limits(live: Live) -> None:
    me = live.attendant(CARLA).get("/me")
    assert me.status_code == 200
    body = me.json()
    assert body["user"] == {
        "id": 4,
        "name": "Carla Mendes",
        "email": CARLA,
        "admin": False,
        "online": True,
        "department_ids": [SUPORTE, FINANCEIRO],
        "attendant_group_ids": body["user"]["attendant_group_ids"],
    }
    assert len(body["user"]["attendant_group_ids"]) == 2
    limits = live.config.limits
    assert body["organization"] == {
        "name": live.config.organization_name,
        "bot_name": live.config.bot_name,
        "requires_catalog_item_on_finish": False,
        "file_max_bytes": limits.file_max_bytes,
        "media_max_bytes": limits.media_max_bytes,
        "max_files_per_message": limits.max_files_per_message,
    }
    assert live.attendant(ADMIN).get("/me").json()["user"]["admin"] is True


def test_me_status_switches_online_and_only_online_attendants_assume(live: Live) -> None:
    ana = live.attendant(ANA, online=False)
    assert ana.get("/me").json()["user"]["online"] is False
    chat_id = live.customer().open_chat("1")

    refused = ana.put(f"/chats/{chat_id}/assume")
    assert refused.status_code == 409
    assert error_code(refused) == 40904

    online = ana.put("/me/status", json={"online": True})
    assert online.status_code == 200
    assert online.json()["online"] is True
    assert ana.get("/me").json()["user"]["online"] is True
    listed_ana = [a for a in ana.get("/attendants").json() if a["email"] == ANA]
    assert listed_ana[0]["online"] is True
    assert ana.put(f"/chats/{chat_id}/assume").status_code == 200

    offline = ana.put("/me/status", json={"online": False})
    assert offline.json()["online"] is False
    assert ana.get("/me").json()["user"]["online"] is False


# --- the four tabs ----------------------------------------------------------------------


def test_entrada_lists_only_waiting_chats_oldest_waiting_first(live: Live) -> None:
    ana = live.attendant(ANA)
    first = live.customer(name="Primeiro").open_chat("1")
    second = live.customer(name="Segundo").open_chat("1")
    third = live.customer(name="Terceiro").open_chat("1")
    triage_chat(live)
    taken = live.customer(name="Atendido").open_chat("1")
    assert ana.put(f"/chats/{taken}/assume").status_code == 200

    assert listed(ana, "inbox") == [first, second, third]
    assert all(c["status"] == "waiting_attendance" for c in ana.get("/chats/inbox").json())

    # Sair puts a chat back in the inbox as the newest arrival.
    assert ana.put(f"/chats/{second}/assume").status_code == 200
    assert listed(ana, "inbox") == [first, third]
    assert ana.put(f"/chats/{second}/leave").status_code == 200
    assert listed(ana, "inbox") == [first, third, second]


def test_meus_lists_only_the_signed_in_attendants_chats(live: Live) -> None:
    ana, carla = live.attendant(ANA), live.attendant(CARLA)
    for_ana = live.customer(name="Da Ana").open_chat("1")
    for_carla = live.customer(name="Da Carla").open_chat("1")
    waiting = live.customer(name="Na fila").open_chat("1")
    finished = live.customer(name="Encerrado").open_chat("1")
    assert ana.put(f"/chats/{for_ana}/assume").status_code == 200
    assert carla.put(f"/chats/{for_carla}/assume").status_code == 200
    assert ana.put(f"/chats/{finished}/assume").status_code == 200
    assert ana.put(f"/chats/{finished}/archive").status_code == 202

    assert listed(ana, "mine") == [for_ana]
    assert listed(carla, "mine") == [for_carla]
    assert waiting not in listed(ana, "mine")
    assert listed(live.attendant(ADMIN), "mine") == []
    # Replying keeps it in Meus (now waiting for the client).
    assert ana.post(f"/chats/{for_ana}/messages", json={"text": "Olá!"}).status_code == 201
    mine = ana.get("/chats/mine").json()
    assert [(c["id"], c["status"]) for c in mine] == [(for_ana, "waiting_client")]


def test_em_atendimento_lists_every_active_chat_with_status_and_user_filters(live: Live) -> None:
    admin, ana, carla = live.attendant(ADMIN), live.attendant(ANA), live.attendant(CARLA)
    triage = triage_chat(live)
    waiting = live.customer(name="Esperando").open_chat("1")
    by_ana = live.customer(name="Com a Ana").open_chat("1")
    carla_customer = live.customer(name="Com a Carla")
    by_carla = carla_customer.open_chat("1")
    done = live.customer(name="Resolvido").open_chat("1")
    assert ana.put(f"/chats/{by_ana}/assume").status_code == 200
    assert ana.post(f"/chats/{by_ana}/messages", json={"text": "Já vejo"}).status_code == 201
    assert carla.put(f"/chats/{by_carla}/assume").status_code == 200
    carla_customer.say("Obrigado, aguardo")  # the customer wrote last: the attendant owes a reply
    assert admin.put(f"/chats/{done}/cancel").status_code == 200

    everything = listed(admin, "in_attendance")
    assert sorted(everything) == sorted([triage, waiting, by_ana, by_carla])
    statuses = {c["id"]: c["status"] for c in admin.get("/chats/in_attendance").json()}
    assert statuses == {
        triage: "triage",
        waiting: "waiting_attendance",
        by_ana: "waiting_client",
        by_carla: "in_attendance",
    }

    assert listed(admin, "in_attendance", status="triage") == [triage]
    assert sorted(listed(admin, "in_attendance", status="triage,waiting_client")) == sorted(
        [triage, by_ana]
    )
    assert sorted(listed(admin, "in_attendance", status=" waiting_attendance , in_attendance")) == (
        sorted([waiting, by_carla])
    )
    assert listed(admin, "in_attendance", status="finished") == []
    unknown = admin.get("/chats/in_attendance", params={"status": "triage,bogus"})
    assert unknown.status_code == 422
    assert error_code(unknown) == 42201

    assert listed(admin, "in_attendance", user_id=2) == [by_ana]
    assert listed(admin, "in_attendance", user_id=4) == [by_carla]
    assert listed(admin, "in_attendance", user_id=3) == []
    assert listed(admin, "in_attendance", user_id=2, status="in_attendance") == []


def test_encerrados_lists_finished_and_canceled_with_the_canceled_filter(live: Live) -> None:
    ana = live.attendant(ANA)
    finished = live.customer(name="Finalizado").open_chat("1")
    canceled = live.customer(name="Cancelado").open_chat("1")
    active = live.customer(name="Ativo").open_chat("1")
    assert ana.put(f"/chats/{finished}/assume").status_code == 200
    assert ana.put(f"/chats/{finished}/archive").status_code == 202
    assert ana.put(f"/chats/{canceled}/cancel").status_code == 200
    left = live.customer(name="Saiu pelo menu")
    bot_closed = int(left.say("Oi")["chat_id"])
    assert left.say("0")["chat_status"] == "finished"

    archived = ana.get("/chats/archived", params={"limit": 200}).json()
    assert {c["id"] for c in archived} == {finished, canceled, bot_closed}
    assert active not in {c["id"] for c in archived}
    # Latest finished first.
    assert [c["id"] for c in archived] == [bot_closed, canceled, finished]
    flags = {c["id"]: (c["status"], c["archived"], c["canceled"]) for c in archived}
    assert flags[finished] == ("finished", True, False)
    assert flags[canceled] == ("canceled", True, True)

    assert listed(ana, "archived", canceled="true") == [canceled]
    assert listed(ana, "archived", canceled="false") == [bot_closed, finished]
    assert ana.get("/chats/archived", params={"canceled": "perhaps"}).status_code == 422


def test_pagination_is_tiflux_pages_with_x_total_items(live: Live) -> None:
    admin = live.attendant(ADMIN)
    created = [live.customer(name=f"Cliente {n}").open_chat("1") for n in range(5)]

    pages = []
    for page in (1, 2, 3):
        response = admin.get("/chats/inbox", params={"offset": page, "limit": 2})
        assert total(response) == 5
        pages.append(ids(response))
    assert pages == [created[0:2], created[2:4], created[4:5]]
    beyond = admin.get("/chats/inbox", params={"offset": 4, "limit": 2})
    assert ids(beyond) == []
    assert total(beyond) == 5

    default = admin.get("/chats/inbox")
    assert ids(default) == created
    assert total(admin.get("/chats/inbox", params={"limit": 200})) == 5
    assert total(admin.get("/chats/inbox", params={"limit": 1})) == 5
    for bad in ({"limit": 0}, {"limit": 201}, {"offset": 0}, {"offset": -1}, {"limit": "abc"}):
        response = admin.get("/chats/inbox", params=bad)
        assert response.status_code == 422, bad
        assert error_code(response) == 42201
    for tab in TABS:
        response = admin.get(f"/chats/{tab}", params={"limit": 1})
        assert "X-Total-Items" in response.headers


def test_list_filters(live: Live) -> None:
    admin = live.attendant(ADMIN)
    # A provider channel vouches for the number, so João's known contact (and client) writes.
    joao = live.customer(integration_id=GUPSHUP, name="ignored", telephone=JOAO_PHONE)
    with_client = joao.open_chat("1")
    vendas = live.customer(name="Vendas Widget", telephone="5521912345678").open_chat("2")
    cloud = live.customer(integration_id=WHATSAPP_CLOUD, name="Pela Cloud").open_chat("3")
    gupshup = live.customer(integration_id=GUPSHUP, name="Pelo Gupshup").open_chat("1")
    started = admin.post(
        "/chats/send_message",
        json={
            "number": "11955554444",
            "integration_id": WHATSAPP_CLOUD,
            "template_id": CLOUD_TEMPLATE,
            "parameters": ["Rita", "o pedido"],
            "name": "Rita Novaes",
            "department_id": VENDAS,
        },
    )
    assert started.status_code == 201, started.text
    outbound = int(started.json()["chat"]["id"])
    everything = {with_client, vendas, cloud, gupshup, outbound}

    def em(**params: Any) -> set[int]:
        return set(listed(admin, "in_attendance", **params))

    assert em() == everything
    assert em(department_id=SUPORTE) == {with_client, gupshup}
    assert em(department_id=VENDAS) == {vendas, outbound}
    assert em(department_id=FINANCEIRO) == {cloud}
    assert listed(admin, "inbox", department_id=VENDAS) == [vendas]
    assert em(client_id=PADARIA) == {with_client}
    assert em(client_id=5) == set()
    assert em(requestor_id=joao.contact_id) == {with_client}
    assert em(number="912345678") == {vendas}
    assert em(number="5511955554444") == {outbound}
    assert em(origins="site_widget") == {vendas}
    assert em(origins="whatsapp_cloud") == {cloud, outbound}
    assert em(origins="gupshup,whatsapp_cloud") == {with_client, cloud, gupshup, outbound}
    assert em(origins="whatsapp") == set()
    unknown = admin.get("/chats/in_attendance", params={"origins": "gupshup,telegram"})
    assert unknown.status_code == 422
    assert error_code(unknown) == 42201
    assert em(started_by="Client") == everything - {outbound}
    assert em(started_by="Attendant") == {outbound}
    assert admin.get("/chats/inbox", params={"started_by": "Robot"}).status_code == 422

    today = datetime.fromisoformat(admin.get(f"/chats/{outbound}").json()["created_at"]).date()
    assert em(created_at_start=today.isoformat()) == everything
    assert em(created_at_end=today.isoformat()) == everything  # a bare end date is inclusive
    assert em(created_at_start=(today + timedelta(days=1)).isoformat()) == set()
    assert em(created_at_end=(today - timedelta(days=1)).isoformat()) == set()
    soon = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    assert em(created_at_start=soon) == set()
    assert em(created_at_end=soon) == everything
    bad_date = admin.get("/chats/inbox", params={"created_at_start": "ontem"})
    assert bad_date.status_code == 422
    assert error_code(bad_date) == 42201
    # Filters combine.
    assert em(department_id=SUPORTE, origins="gupshup") == {with_client, gupshup}
    assert em(department_id=SUPORTE, origins="site_widget") == set()
    assert em(department_id=SUPORTE, origins="whatsapp_cloud") == set()


def test_search_by_requestor_is_the_default_and_accent_insensitive(live: Live) -> None:
    admin = live.attendant(ADMIN)
    joao = live.customer(name="João da Silva").open_chat("1")
    jose = live.customer(name="José Antônio").open_chat("2")
    other = live.customer(name="Maria Clara").open_chat("1")

    assert listed(admin, "inbox", q="joao") == [joao]
    assert listed(admin, "inbox", q="JOSÉ") == [jose]
    assert listed(admin, "inbox", q="jose antonio") == [jose]
    assert listed(admin, "inbox", q="JOAO SILVA", search_by="requestor") == [joao]
    assert listed(admin, "inbox", q="silva joão") == [joao]  # every word, any order
    assert listed(admin, "inbox", q="antônio joão") == []
    assert sorted(listed(admin, "inbox", q="  ")) == sorted([joao, jose, other])
    assert listed(admin, "in_attendance", q="clara") == [other]
    assert listed(admin, "inbox", q="%") == []  # LIKE wildcards are plain text
    assert listed(admin, "inbox", q="_") == []
    assert admin.get("/chats/inbox", params={"search_by": "phone"}).status_code == 422


def test_search_by_client_department_responsible_and_attendant_group(live: Live) -> None:
    admin, ana, bruno = live.attendant(ADMIN), live.attendant(ANA), live.attendant(BRUNO)
    padaria = live.customer(GUPSHUP, name="x", telephone=JOAO_PHONE).open_chat("1")
    vendas = live.customer(name="Cliente Vendas").open_chat("2")
    financeiro = live.customer(name="Cliente Financeiro").open_chat("3")
    triage = triage_chat(live)
    assert ana.put(f"/chats/{padaria}/assume").status_code == 200
    assert bruno.put(f"/chats/{vendas}/assume").status_code == 200

    def em(q: str, by: str) -> set[int]:
        return set(listed(admin, "in_attendance", q=q, search_by=by))

    assert em("pao quente", "client") == {padaria}
    assert em("PADARIA", "client") == {padaria}
    assert em("horizonte", "client") == set()
    assert em("financeiro", "department") == {financeiro}
    assert em("suporte", "department") == {padaria}
    assert em("ana", "responsible") == {padaria}
    assert em("bruno lima", "responsible") == {vendas}
    assert em("carla", "responsible") == set()
    assert em("comercial", "attendant_group") == {vendas}
    assert em("equipe financeira", "attendant_group") == {financeiro}
    assert em("equipe", "attendant_group") == {padaria, vendas, financeiro}
    assert triage not in em("equipe", "attendant_group")
    # Search composes with the tab: Meus of Ana by client.
    assert listed(ana, "mine", q="padaria", search_by="client") == [padaria]
    assert listed(bruno, "mine", q="padaria", search_by="client") == []


def _world(live: Live) -> dict[str, int]:
    """One chat in every state and department that matters for visibility."""
    admin, ana, bruno = live.attendant(ADMIN), live.attendant(ANA), live.attendant(BRUNO)
    chats = {
        "triage": triage_chat(live),
        "suporte_inbox": live.customer(name="Suporte Fila").open_chat("1"),
        "suporte_ana": live.customer(name="Suporte Ana").open_chat("1"),
        "suporte_done": live.customer(name="Suporte Fim").open_chat("1"),
        "suporte_admin": live.customer(name="Suporte Admin").open_chat("1"),
        "vendas_inbox": live.customer(name="Vendas Fila").open_chat("2"),
        "vendas_bruno": live.customer(name="Vendas Bruno").open_chat("2"),
        "vendas_done": live.customer(name="Vendas Fim").open_chat("2"),
        "financeiro_inbox": live.customer(name="Financeiro Fila").open_chat("3"),
    }
    assert ana.put(f"/chats/{chats['suporte_ana']}/assume").status_code == 200
    assert admin.put(f"/chats/{chats['suporte_admin']}/assume").status_code == 200
    assert ana.put(f"/chats/{chats['suporte_done']}/cancel").status_code == 200
    assert bruno.put(f"/chats/{chats['vendas_bruno']}/assume").status_code == 200
    assert bruno.put(f"/chats/{chats['vendas_done']}/assume").status_code == 200
    assert bruno.put(f"/chats/{chats['vendas_done']}/archive").status_code == 202
    return chats


def test_permission_matrix_of_the_lists(live: Live) -> None:
    chats = _world(live)
    admin, ana, bruno, carla = (
        live.attendant(ADMIN),
        live.attendant(ANA),
        live.attendant(BRUNO),
        live.attendant(CARLA),
    )
    suporte = {v for k, v in chats.items() if k.startswith("suporte")}

    def seen(client: httpx.Client) -> dict[str, set[int]]:
        return {tab: set(listed(client, tab)) for tab in TABS}

    by_bruno = seen(bruno)
    for tab, found in by_bruno.items():
        assert not found & suporte, tab
        for chat in bruno.get(f"/chats/{tab}", params={"limit": 200}).json():
            assert chat["department"] is None or chat["department"]["id"] == VENDAS, tab
    assert by_bruno == {
        "inbox": {chats["vendas_inbox"]},
        "mine": {chats["vendas_bruno"]},
        "in_attendance": {chats["triage"], chats["vendas_inbox"], chats["vendas_bruno"]},
        "archived": {chats["vendas_done"]},
    }
    for chat_id in suporte:
        denied = bruno.get(f"/chats/{chat_id}")
        assert denied.status_code == 403
        assert error_code(denied) == 40301
    # Even a filter or a search for Suporte finds nothing for Bruno.
    assert listed(bruno, "in_attendance", department_id=SUPORTE) == []
    assert listed(bruno, "in_attendance", q="suporte", search_by="department") == []

    by_ana = seen(ana)
    assert by_ana == {
        "inbox": {chats["suporte_inbox"]},
        "mine": {chats["suporte_ana"]},
        "in_attendance": {
            chats["triage"],
            chats["suporte_inbox"],
            chats["suporte_ana"],
            chats["suporte_admin"],
        },
        "archived": {chats["suporte_done"]},
    }
    by_carla = seen(carla)
    assert by_carla["inbox"] == {chats["suporte_inbox"], chats["financeiro_inbox"]}
    assert by_carla["mine"] == set()
    assert chats["triage"] in by_carla["in_attendance"]

    by_admin = seen(admin)
    active = {v for k, v in chats.items() if not k.endswith("done")}
    assert by_admin == {
        "inbox": {chats["suporte_inbox"], chats["vendas_inbox"], chats["financeiro_inbox"]},
        "mine": {chats["suporte_admin"]},
        "in_attendance": active,
        "archived": {chats["suporte_done"], chats["vendas_done"]},
    }
    # Triage chats are seen by everyone, in Em atendimento only.
    for found in (by_admin, by_ana, by_bruno, by_carla):
        assert chats["triage"] in found["in_attendance"]
        assert chats["triage"] not in found["inbox"] | found["mine"] | found["archived"]
        for tab in ("inbox", "mine", "archived"):
            assert chats["triage"] not in found[tab]


@pytest.mark.parametrize("email", [ADMIN, ANA, BRUNO, CARLA])
def test_counts_match_each_attendants_lists(live: Live, email: str) -> None:
    _world(live)
    client = live.attendant(email)
    counts = client.get("/chats/counts")
    assert counts.status_code == 200
    assert counts.json() == {tab: total(client.get(f"/chats/{tab}")) for tab in TABS}


def test_counts_per_attendant(live: Live) -> None:
    _world(live)
    expected = {
        ADMIN: {"inbox": 3, "mine": 1, "in_attendance": 7, "archived": 2},
        ANA: {"inbox": 1, "mine": 1, "in_attendance": 4, "archived": 1},
        BRUNO: {"inbox": 1, "mine": 1, "in_attendance": 3, "archived": 1},
        CARLA: {"inbox": 2, "mine": 0, "in_attendance": 5, "archived": 1},
    }
    for email, counts in expected.items():
        assert live.attendant(email).get("/chats/counts").json() == counts, email
    assert live.anonymous().get("/chats/counts").status_code == 401
