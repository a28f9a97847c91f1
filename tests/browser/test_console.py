"""The console in a real browser (headless Chromium through Selenium) against the real stack: sign in and out,
plan gating (locked on Free, open on Business), the whole Google connect redirect chain, sync with progress,
events in the week view, booking a free slot from it, the dashboard's SVG charts, a CSV download, and the page's safety (CSP, text only).
Each page is also saved as a screenshot (see conftest.py)."""
import csv
import datetime as dt
import io
import re
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

ROOT = Path(__file__).resolve().parents[2]


def tenant(stack, plan, name, timezone="UTC", appointments=0):
    t = stack.new_tenant(plan=plan, timezone=timezone)
    stack.cli("tenant", "set", t.schema, f"name={name}")
    if appointments:
        stack.cli("demo-data", t.schema, "--appointments", str(appointments))
    return t


@pytest.fixture(scope="module")
def business(stack):
    return tenant(stack, "business", "Demo Salon", timezone="Europe/Berlin", appointments=1500)


@pytest.fixture(scope="module")
def free(stack):
    return tenant(stack, "free", "Corner Barber")


def test_sign_in_wrong_then_right_then_sign_out_revokes_the_token(stack, browser, business, shots):
    browser.open(business, "/dashboard")
    browser.wait("form.signin")
    assert browser.path() == "/signin?next=%2Fdashboard"
    shots("signin")
    browser.find("input[name=email]").send_keys(business.email)
    browser.find("input[name=password]").send_keys("wrong password")
    browser.find("input[name=password]").send_keys(Keys.ENTER)  # the keyboard submits the form
    browser.wait_text(".message-error", "do not match")
    assert browser.token() is None
    password = browser.find("input[name=password]")
    password.clear()
    password.send_keys("pw-" + business.schema, Keys.ENTER)
    browser.wait("#exports")
    assert browser.path() == "/dashboard"  # back where the sign-in was asked for
    token = browser.token()
    assert token and stack.get("/api/auth/me/", host=business.host, token=token).status_code == 200
    browser.find("#sign-out").click()
    browser.wait("form.signin")
    assert browser.token() is None
    assert stack.get("/api/auth/me/", host=business.host, token=token).status_code == 401


def test_a_401_sends_the_browser_back_to_sign_in(stack, browser, business):
    browser.sign_in(business)
    token = browser.token()
    assert stack.post("/api/auth/logout/", host=business.host, token=token).status_code == 200  # revoked elsewhere
    browser.find("#nav a[href='/week']").click()
    browser.wait("form.signin")
    assert browser.path() == "/signin?next=%2Fweek"
    assert browser.token() is None


def test_business_plan_page_shows_features_and_quota_bars(browser, business, shots):
    browser.sign_in(business)
    browser.wait(".quota-bar")
    assert browser.find("[data-plan]").text == "Business"
    assert browser.find("li[data-feature=can_use_calendar_sync]").get_attribute("data-enabled") == "true"
    resources = browser.find(".quota-bar[data-quota=max_resources]")
    assert resources.get_attribute("role") == "meter"
    assert int(resources.get_attribute("aria-valuenow")) >= 6  # demo-data made some
    assert re.fullmatch(r"\d+ / 100", resources.get_attribute("aria-valuetext"))
    assert browser.all("#plan-banner .upgrade-banner") == []  # nothing this console shows is locked
    shots("plan")


def test_free_plan_locks_integrations_analytics_and_export_with_prompts_naming_the_feature(browser, free, shots):
    browser.sign_in(free)
    browser.wait(".quota-bar")
    assert browser.find("[data-plan]").text == "Free"
    banner = browser.find("#plan-banner .upgrade-banner")
    assert "Calendar Sync" in banner.text and "Analytics" in banner.text and "Data Export" in banner.text
    locked = browser.find("li[data-feature=can_use_calendar_sync]")
    assert locked.get_attribute("data-enabled") == "false"
    assert "does not include Calendar Sync" in locked.find_element(By.CSS_SELECTOR, ".upgrade-inline").text
    shots("plan-free")

    browser.find("#nav a[href='/dashboard']").click()
    section = browser.wait("section[data-feature=can_access_analytics]")
    assert section.get_attribute("data-locked") == "true"
    overlay = section.find_element(By.CSS_SELECTOR, ".upgrade-overlay")
    assert "Analytics" in overlay.text and "Upgrade" in overlay.text
    assert section.find_elements(By.CSS_SELECTOR, "svg.chart") == []  # no numbers drawn without the feature
    download = browser.find("#exports button[data-feature=can_export_data]")
    assert download.get_attribute("disabled") is not None
    prompt = browser.find("#" + download.get_attribute("aria-describedby"))
    assert "Data Export" in prompt.text
    shots("dashboard-free")

    browser.find("#nav a[href='/settings/integrations']").click()
    browser.wait(".upgrade-banner[data-feature=can_use_calendar_sync]")
    buttons = browser.all(".connect-buttons button")
    assert len(buttons) == 2 and all(b.get_attribute("disabled") is not None for b in buttons)
    assert browser.find(".locked-section[data-feature=can_use_calendar_sync]").get_attribute("data-locked") == "true"
    assert browser.console_errors() == []


def test_business_dashboard_draws_charts(browser, business, shots):
    browser.sign_in(business, path="/dashboard")
    browser.wait("figure[data-chart=appointments] svg rect.bar")
    assert browser.find("section[data-feature=can_access_analytics]").get_attribute("data-locked") == "false"
    for chart in ("appointments", "revenue", "hours", "weekdays"):
        figure = browser.find(f"figure[data-chart={chart}]")
        svg = figure.find_element(By.CSS_SELECTOR, "svg")
        assert svg.get_attribute("role") == "img"
        assert len(figure.find_elements(By.CSS_SELECTOR, "rect.bar")) > 0, chart
    # Stacked by status: at least two statuses have bars, coloured by their class.
    classes = {e.get_attribute("class") for e in browser.all("figure[data-chart=appointments] rect.bar")}
    assert len(classes) >= 2
    shots("dashboard")
    # The numbers are there as a table too, under a disclosure.
    browser.find("figure[data-chart=hours] summary").click()
    rows = browser.all("figure[data-chart=hours] tbody tr")
    assert len(rows) == 24
    Select(browser.find("select[name=range]")).select_by_value("days")
    browser.wait_for(lambda: len(browser.all("figure[data-chart=appointments] tbody tr")) == 30, "a 30-day series")
    assert browser.console_errors() == []


def test_csv_export_downloads_through_fetch_and_a_blob(browser, business):
    browser.sign_in(business, path="/dashboard")
    form = browser.wait("#exports form")
    Select(form.find_element(By.NAME, "kind")).select_by_value("appointments")
    Select(form.find_element(By.NAME, "format")).select_by_value("csv")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    browser.wait("#exports .form-status[data-downloaded]")
    name = browser.find("#exports .form-status").get_attribute("data-downloaded")
    assert re.fullmatch(r"appointments_[\w.-]*\.csv", name), name
    path = browser.downloaded(".csv")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert {"id", "start_time", "status", "local_date"} <= set(rows[0])
    assert len(rows) == 1501  # header + the 1500 demo appointments


def book_this_week(stack, t):
    """Two appointments a day on the first resource, this week (UTC), around the busy events of the test."""
    get = lambda path: stack.get(path, host=t.host, token=t.token).json()["results"]  # noqa: E731
    resource, services, customer = get("/api/resources/")[0], get("/api/services/"), get("/api/customers/")[0]
    today = dt.datetime.now(dt.timezone.utc).date()
    monday = today - dt.timedelta(days=today.weekday())
    for day in range(7):
        for n, hour in enumerate((9, 13)):
            start = dt.datetime.combine(monday + dt.timedelta(days=day), dt.time(hour), dt.timezone.utc)
            r = stack.post("/api/appointments/", host=t.host, token=t.token, json={
                "resource_id": resource["id"], "service_id": services[(day + n) % len(services)]["id"],
                "customer_id": customer["id"], "start_time": start.isoformat().replace("+00:00", "Z"),
                "status": "CONFIRMED" if day >= today.weekday() else "COMPLETED",
            })
            assert r.status_code == 201, r.text
    return resource


def test_connect_google_through_the_redirect_chain_then_sync_see_events_and_disconnect(stack, browser, shots):
    t = tenant(stack, "business", "Demo Salon", timezone="UTC", appointments=60)
    booked = book_this_week(stack, t)
    email = f"dana-{uuid.uuid4().hex[:6]}@example.com"
    stack.emulator("POST", "/_control/next_account", json={"provider": "google", "email": email}).raise_for_status()
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    stack.emulator("POST", "/_control/events/generate", json={
        "provider": "google", "email": email, "calendar_id": "primary", "count": 6, "start": f"{today}T06:00:00Z", "days": 0.5,
    }).raise_for_status()

    browser.sign_in(t, path="/settings/integrations")
    browser.wait_text("#calendars-heading + .calendars", "No calendar is connected")
    browser.find("button[data-provider=google]").click()
    # initiate → the emulator's consent (auto-approves) → our callback on the public host → back here.
    browser.wait(".message-success")
    assert browser.path() == "/settings/integrations"  # ?connected=google read, then dropped from the address
    assert "Google Calendar is connected" in browser.find(".message-success").text
    item = browser.wait("li.calendar")
    assert email in item.text and "Healthy" in item.text

    Select(item.find_element(By.NAME, "resource_id")).select_by_value(str(booked["id"]))  # the sync blocks it
    item.find_element(By.CSS_SELECTOR, "form.sync-form button[type=submit]").click()
    browser.wait(".sync-progress[data-job-status=succeeded]", timeout=60)
    assert "6 created" in browser.find(".sync-progress").text
    browser.wait_for(lambda: len(browser.all("#imported-events tbody tr")) == 6, "6 imported events listed")
    shots("integrations")

    browser.find("#nav a[href='/week']").click()
    Select(browser.wait("select[name=resource]")).select_by_value(str(booked["id"]))
    browser.wait_for(lambda: len(browser.all(".week-board .item-busy")) == 6, "6 busy events in the week")
    assert len(browser.all(".week-board .item-appointment")) == 14
    assert "blocks this resource" in browser.find(".week-board .item-busy").text
    # §13 availability: slots only when the endpoint answers 200; otherwise said in words, none invented.
    if browser.all("#slots-available"):
        # As many buttons as the answer has slots (none late on a Saturday or a Sunday: demo-data's hours).
        announced = int(browser.find("#slots-available").get_attribute("data-slots"))
        assert len(browser.all(".slot-button")) == announced
    else:
        assert "Availability not available" in browser.find(".slots-note").text
        assert browser.all(".slot-button") == []
    shots("week")

    browser.find("#nav a[href='/settings/integrations']").click()
    browser.wait("li.calendar button.button-danger-quiet").click()
    dialog = browser.wait("dialog[open]")
    dialog.find_element(By.NAME, "delete_events").click()
    dialog.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    browser.wait_text(".calendars", "is disconnected")
    browser.wait_text("#imported-events", "No busy time")
    assert stack.get("/api/calendar/list/", host=t.host, token=t.token).json()["calendars"] == []
    assert browser.console_errors() == []


def instant(text):
    """An API instant ("…Z" or with an offset) as an aware datetime."""
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_book_a_free_slot_in_the_week_view(stack, browser, shots):
    """Issue 18 item 4 end to end: working hours (Mon–Fri 09:00–12:00 Berlin) make 15 one-hour slots next week; the
    week view shows exactly the slots §13 answers, at Berlin wall-clock times; a slot is booked through the dialog
    (keyboard to open it, the customer chosen, Enter to confirm); the appointment exists at exactly that instant,
    and after a reload that slot is no longer offered while the appointment is drawn in its place."""
    berlin = ZoneInfo("Europe/Berlin")
    t = tenant(stack, "business", "Slot Studio", timezone="Europe/Berlin")
    call = lambda method, path, **kw: stack.request(method, path, host=t.host, token=t.token, **kw)  # noqa: E731
    hours = call("PUT", "/api/working-hours/", json={"timezone": "Europe/Berlin", "rules": [
        {"weekday": d, "start": "09:00", "end": "12:00"} for d in range(5)]})
    assert hours.status_code == 200, hours.text

    def make(kind, body):
        r = call("POST", f"/api/{kind}/", json=body)
        assert r.status_code == 201, r.text
        return r.json()
    resource = make("resources", {"name": "Chair 1", "type": "staff"})
    service = make("services", {"name": "Haircut", "duration_minutes": 60, "price_cents": 4500, "currency": "EUR"})
    make("customers", {"name": "Ada Lovelace", "email": "ada@example.com"})
    grace = make("customers", {"name": "Grace Hopper", "email": "grace@example.com"})

    local_today = dt.datetime.now(berlin).date()
    monday = local_today + dt.timedelta(days=7 - local_today.weekday())  # next week: every slot is in the future
    week = [monday + dt.timedelta(days=n) for n in range(7)]
    expected = {dt.datetime.combine(day, dt.time(hour), berlin).astimezone(dt.timezone.utc)
                for day in week[:5] for hour in (9, 10, 11)}
    answered = call("GET", f"/api/resources/{resource['id']}/availability/", params={
        "start_date": week[0].isoformat(), "end_date": week[6].isoformat(), "service_id": service["id"]})
    assert answered.status_code == 200, answered.text
    assert {instant(s["start"]) for s in answered.json()["slots"]} == expected

    browser.sign_in(t, path=f"/week?resource={resource['id']}&week={monday.isoformat()}&service={service['id']}")
    browser.wait(".slot-button")
    assert int(browser.find("#slots-available").get_attribute("data-slots")) == 15

    def offered():
        return {instant(b.get_attribute("data-slot-start")): b for b in browser.all(".week-board .slot-button")}
    assert set(offered()) == expected
    # Each slot sits under its own (Berlin) day, labelled with its Berlin wall-clock time.
    for start, button in offered().items():
        local = start.astimezone(berlin)
        day = button.find_element(By.XPATH, "ancestor::section[@data-date]")
        assert day.get_attribute("data-date") == local.date().isoformat()
        assert local.strftime("%H:%M") in button.text and "free" in button.text, button.text
        # What a screen reader says on Tab names the day and the time, not just "09:00".
        end = (start + dt.timedelta(hours=1)).astimezone(berlin)
        name = button.accessible_name
        assert name.startswith("Book Haircut") and f"{local:%H:%M}–{end:%H:%M}" in name and f"{local.day}" in name, name
    assert browser.all(".week-board .item-appointment") == []

    # Wednesday 10:00 in Berlin, opened from the keyboard.
    chosen = dt.datetime.combine(week[2], dt.time(10), berlin).astimezone(dt.timezone.utc)
    offered()[chosen].send_keys(Keys.ENTER)
    box = browser.wait("dialog[open]", visible=True)
    assert "Haircut with Chair 1" in box.text and "10:00–11:00" in box.text, box.text
    assert browser.driver.execute_script("return document.querySelector('dialog[open]').contains(document.activeElement)")
    # Every control of the dialog has a label.
    assert browser.driver.execute_script(
        "return [...document.querySelectorAll('dialog[open] input, dialog[open] select')].every(e => e.labels && e.labels.length > 0)")
    # Book without a customer: the dialog stays open and nothing is booked.
    box.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    assert browser.all("dialog[open]")
    assert call("GET", "/api/appointments/", params={"resource_id": resource["id"]}).json()["results"] == []
    shots("week-book")
    Select(box.find_element(By.NAME, "customer_id")).select_by_visible_text("Grace Hopper <grace@example.com>")
    box.find_element(By.NAME, "notes").send_keys("First visit", Keys.ENTER)  # Enter in the form confirms
    browser.wait_for(lambda: not browser.all("dialog"), "the dialog to close")

    booked = call("GET", "/api/appointments/", params={"resource_id": resource["id"]}).json()["results"]
    assert len(booked) == 1, booked
    appointment = booked[0]
    assert instant(appointment["start_time"]) == chosen
    assert instant(appointment["end_time"]) == chosen + dt.timedelta(hours=1)
    assert (appointment["service_id"], appointment["customer_id"], appointment["status"]) == (service["id"], grace["id"], "CONFIRMED")
    assert appointment["notes"] == "First visit" and appointment["price_cents"] == 4500

    # The redrawn week, and the same after a full reload: the slot is gone, the appointment is in its place.
    for reload in (False, True):
        if reload:
            browser.driver.refresh()
        browser.wait_for(lambda: browser.all(".week-board .item-appointment")
                         and int(browser.find("#slots-available").get_attribute("data-slots")) == 14, "the week redrawn with 14 slots")
        assert set(offered()) == expected - {chosen}
        item = browser.find(".week-board .item-appointment")
        day = item.find_element(By.XPATH, "ancestor::section[@data-date]")
        assert day.get_attribute("data-date") == week[2].isoformat()
        assert "10:00–11:00" in item.text and "Haircut · Grace Hopper" in item.text and "Confirmed" in item.text
    assert browser.path() == f"/week?resource={resource['id']}&week={monday.isoformat()}&service={service['id']}"
    shots("week-booked")

    # Someone else takes Thursday 09:00 while the dialog is open: the server's 409 is shown in the dialog, and
    # closing it (Escape) redraws the week without that slot.
    taken = dt.datetime.combine(week[3], dt.time(9), berlin).astimezone(dt.timezone.utc)
    offered()[taken].click()
    box = browser.wait("dialog[open]", visible=True)
    Select(box.find_element(By.NAME, "customer_id")).select_by_visible_text("Ada Lovelace <ada@example.com>")
    other = call("POST", "/api/appointments/", json={"resource_id": resource["id"], "service_id": service["id"],
                                                     "start_time": taken.isoformat().replace("+00:00", "Z")})
    assert other.status_code == 201, other.text
    box.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    browser.wait_text("dialog[open] .message-error", "Someone may have just taken it")
    assert browser.find("dialog[open] button[type=submit]").is_enabled()  # free to try again or to cancel
    ActionChains(browser.driver).send_keys(Keys.ESCAPE).perform()
    browser.wait_for(lambda: not browser.all("dialog")
                     and int(browser.find("#slots-available").get_attribute("data-slots")) == 13, "the week redrawn with 13 slots")
    assert set(offered()) == expected - {chosen, taken}
    assert len(browser.all(".week-board .item-appointment")) == 2
    assert len(call("GET", "/api/appointments/", params={"resource_id": resource["id"]}).json()["results"]) == 2
    assert browser.console_errors() == []


def test_book_a_slot_when_the_tenant_has_no_customers_yet(stack, browser):
    """The API lets an appointment have no customer (§5); a tenant with none yet can still book from the week."""
    t = tenant(stack, "business", "Fresh Shop")
    call = lambda method, path, **kw: stack.request(method, path, host=t.host, token=t.token, **kw)  # noqa: E731
    resource = call("POST", "/api/resources/", json={"name": "Room A", "type": "room"}).json()
    service = call("POST", "/api/services/", json={"name": "Session", "duration_minutes": 30}).json()
    assert call("PUT", "/api/working-hours/", json={"rules": [{"weekday": 1, "start": "14:00", "end": "15:00"}]}).status_code == 200
    today = dt.datetime.now(dt.timezone.utc).date()
    monday = today + dt.timedelta(days=7 - today.weekday())
    browser.sign_in(t, path=f"/week?resource={resource['id']}&week={monday.isoformat()}&service={service['id']}")
    browser.wait_for(lambda: len(browser.all(".slot-button")) == 2, "two slots on Tuesday")
    first = browser.all(".slot-button")[0]
    start = instant(first.get_attribute("data-slot-start"))
    assert start == dt.datetime.combine(monday + dt.timedelta(days=1), dt.time(14), dt.timezone.utc)
    first.click()
    box = browser.wait("dialog[open]", visible=True)
    assert box.find_elements(By.NAME, "customer_id") == [] and "no customers yet" in box.text, box.text
    box.find_element(By.CSS_SELECTOR, "button[type=submit]").send_keys(Keys.ENTER)
    browser.wait_for(lambda: not browser.all("dialog") and len(browser.all(".slot-button")) == 1, "the slot booked")
    [appointment] = call("GET", "/api/appointments/", params={"resource_id": resource["id"]}).json()["results"]
    assert instant(appointment["start_time"]) == start and appointment["customer_id"] is None
    assert browser.console_errors() == []


def test_a_refused_consent_comes_back_as_words(stack, browser):
    t = tenant(stack, "professional", "Refusing Shop")
    stack.emulator("POST", "/_control/deny_next", json={"provider": "google"}).raise_for_status()
    browser.sign_in(t, path="/settings/integrations")
    browser.wait("button[data-provider=google]").click()
    error = browser.wait(".message-error")
    assert "did not grant access" in error.text
    assert browser.path() == "/settings/integrations"


def test_api_data_is_text_and_the_console_sends_a_csp(stack, browser, business):
    r = requests.get(f"{stack.url}/settings/integrations", headers={"Host": business.host}, timeout=10)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    js = requests.get(f"{stack.url}/console/js/main.js", headers={"Host": business.host}, timeout=10)
    assert js.headers["Content-Type"].startswith("text/javascript") and "unsafe-inline" not in js.headers["Content-Security-Policy"]
    assert requests.get(f"{stack.url}/index.html", timeout=10).status_code == 404  # only console paths are pages

    hostile = '<img src=x onerror="window.__pwned=1"><b>bold</b>'
    start = dt.datetime.now(dt.timezone.utc).replace(minute=0, second=0, microsecond=0)
    created = stack.post("/api/events/", host=business.host, token=business.token, json={
        "title": hostile, "start_time": start.isoformat().replace("+00:00", "Z"),
        "end_time": (start + dt.timedelta(minutes=30)).isoformat().replace("+00:00", "Z"),
    })
    assert created.status_code == 201, created.text
    browser.sign_in(business, path="/week")
    browser.wait_for(lambda: any(hostile in e.text for e in browser.all(".week-board .item-busy")), "the hostile title shown as text")
    assert browser.all(".week-board img") == [] and browser.all(".week-board b") == []
    assert browser.driver.execute_script("return window.__pwned === undefined")
    # An inline script injected into the page does not run: the CSP forbids it.
    browser.driver.execute_script(
        "const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.body.append(s);")
    assert browser.driver.execute_script("return window.__inline === undefined")


def test_no_html_sinks_or_inline_handlers_in_the_console_source():
    web = ROOT / "web"
    for path in web.rglob("*"):
        if path.suffix not in {".js", ".html"}:
            continue
        text = path.read_text(encoding="utf-8")
        for sink in (r"\.innerHTML\b", r"\.outerHTML\b", r"insertAdjacentHTML\(", r"document\.write(ln)?\(", r"\beval\(",
                     r"new Function\(", r"createContextualFragment", r"DOMParser"):
            assert not re.search(sink, text), f"{path.relative_to(ROOT)} uses {sink}"
        if path.suffix == ".html":
            assert not re.search(r"\son[a-z]+\s*=", text), f"inline event handler in {path.name}"
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), f"inline script in {path.name}"
            assert "style=" not in text


def test_keyboard_and_phone_width(browser, business, shots):
    browser.driver.set_window_size(390, 844)
    try:
        browser.sign_in(business)
        browser.wait(".quota-bar")
        # Nothing is wider than the phone's screen.
        assert browser.driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
        shots("phone-plan")
        # From the top of a freshly loaded page, Tab reaches the skip link first, then the console's links.
        browser.open(business, "/")
        browser.wait(".quota-bar")
        active = lambda: browser.driver.switch_to.active_element  # noqa: E731
        ActionChains(browser.driver).send_keys(Keys.TAB).perform()
        assert active().text == "Skip to content"
        for _ in range(10):
            ActionChains(browser.driver).send_keys(Keys.TAB).perform()
            if (active().get_attribute("href") or "").endswith("/week"):
                break
        assert active().get_attribute("href").endswith("/week")
        active().send_keys(Keys.ENTER)
        browser.wait(".week-board .day")
        assert browser.path().startswith("/week")
        assert browser.driver.switch_to.active_element.tag_name == "h1"  # focus moved to the new page's heading
        assert browser.driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
        # Every form control has a label.
        unlabelled = browser.driver.execute_script(
            "return [...document.querySelectorAll('main input, main select')].filter(e => !e.labels || e.labels.length === 0).map(e => e.name)")
        assert unlabelled == []
        shots("phone-week")
    finally:
        browser.driver.set_window_size(1200, 900)
