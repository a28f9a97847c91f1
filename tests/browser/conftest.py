"""Browser tests of the console (web/, docs/api.md §16): Debian's Chromium, headless, driven by Selenium through
chromium-driver, against the real stack that tests/integration starts (nginx + responder + worker + provider
emulator).

The stack fixture is tests/integration/conftest.py's, loaded under its own module name (nothing is copied or
moved, so that file stays the one place the stack is defined). Chromium reaches tenant hosts such as
`t1234.smoothschedule.test:PORT` through `--host-resolver-rules=MAP * 127.0.0.1`: every name is this machine.

Fixtures:
    stack                      the integration stack (see tests/integration/conftest.py)
    browser                    one headless Chromium for the module; `browser.driver` is the WebDriver
    shots                      shots("name") saves a PNG of the current page in $SMOOTHSCHEDULE_SCREENSHOTS
                               (default var/screenshots; docs/screenshots is refreshed with
                               SMOOTHSCHEDULE_SCREENSHOTS=docs/screenshots)
"""
import importlib.util
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_spec = importlib.util.spec_from_file_location("smoothschedule_integration_conftest", ROOT / "tests/integration/conftest.py")
integration = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(integration)
stack = integration.stack  # the same session fixture, registered for tests/browser too

try:
    from selenium import webdriver
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # reported by the browser fixture, so the rest of the suite still runs
    webdriver = None

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
WAIT = 20


class Browser:
    """A thin helper over one WebDriver: open tenant pages, wait for things, sign in."""

    def __init__(self, driver, stack, downloads: Path):
        self.driver = driver
        self.stack = stack
        self.downloads = downloads

    def origin(self, tenant) -> str:
        return f"http://{tenant.host}:{self.stack.port}"

    def open(self, tenant, path="/"):
        self.driver.get(self.origin(tenant) + path)

    def wait(self, css, timeout=WAIT, visible=False):
        condition = EC.visibility_of_element_located if visible else EC.presence_of_element_located
        try:
            return WebDriverWait(self.driver, timeout).until(condition((By.CSS_SELECTOR, css)))
        except TimeoutException:
            raise AssertionError(f"no {css!r} within {timeout}s on {self.driver.current_url}:\n{self.page_text()[:2000]}\n{self.console_errors()}")

    def wait_for(self, predicate, what, timeout=WAIT):
        try:
            return WebDriverWait(self.driver, timeout).until(lambda d: predicate())
        except TimeoutException:
            raise AssertionError(f"{what} did not happen within {timeout}s on {self.driver.current_url}:\n{self.page_text()[:2000]}")

    def wait_text(self, css, text, timeout=WAIT):
        self.wait_for(lambda: any(text in e.text for e in self.all(css)), f"{text!r} in {css!r}", timeout)

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def page_text(self) -> str:
        try:
            return self.find("body").text
        except Exception:
            return ""

    def path(self) -> str:
        return self.driver.execute_script("return location.pathname + location.search")

    def token(self):
        return self.driver.execute_script("return sessionStorage.getItem('smoothschedule.token')")

    def sign_in(self, tenant, password=None, path="/"):
        """Opens `path` signed out, lands on the sign-in form, signs in, and waits for the page to draw."""
        self.sign_out_silently(tenant)
        self.open(tenant, path)
        self.wait("form.signin input[name=email]")
        self.find("input[name=email]").send_keys(tenant.email)
        self.find("input[name=password]").send_keys(password or "pw-" + tenant.schema)
        self.find("form.signin button[type=submit]").click()
        self.wait("#account:not([hidden])")
        self.wait("main h1")

    def sign_out_silently(self, tenant):
        """Forgets this origin's token (as a closed tab would) without calling the API."""
        self.open(tenant, "/console/icon.svg")
        self.driver.execute_script("sessionStorage.clear()")

    def console_errors(self):
        """JavaScript errors and CSP violations from the browser's log (network 404s of probes excluded)."""
        try:
            entries = self.driver.get_log("browser")
        except Exception:
            return []
        return [e["message"] for e in entries if e["level"] == "SEVERE" and e.get("source") != "network"]

    def downloaded(self, suffix, timeout=WAIT):
        deadline = time.time() + timeout
        while time.time() < deadline:
            done = [p for p in self.downloads.iterdir() if p.name.endswith(suffix)]
            if done:
                return done[0]
            time.sleep(0.1)
        raise AssertionError(f"no *{suffix} in {self.downloads}: {list(self.downloads.iterdir())}")


@pytest.fixture(scope="module")
def browser(stack):
    if webdriver is None:
        pytest.fail("selenium is not installed: scripts/test installs it (python3 -m pip install selenium)")
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not os.access(binary, os.X_OK):
            pytest.fail(f"{binary} is missing: scripts/test installs Debian's chromium and chromium-driver")
    downloads = Path(tempfile.mkdtemp(prefix="smoothschedule-downloads-"))
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1200,900",
        "--host-resolver-rules=MAP * 127.0.0.1", "--no-first-run", "--disable-extensions",
        "--disable-background-networking", "--disable-sync", "--lang=en-US", "--force-device-scale-factor=1",
    ):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
        "safebrowsing.enabled": False, "intl.accept_languages": "en-US",
    })
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.set_page_load_timeout(30)
    try:
        yield Browser(driver, stack, downloads)
    finally:
        driver.quit()
        shutil.rmtree(downloads, ignore_errors=True)


@pytest.fixture(scope="session")
def screenshot_dir():
    folder = Path(os.environ.get("SMOOTHSCHEDULE_SCREENSHOTS") or ROOT / "var" / "screenshots")
    if not folder.is_absolute():
        folder = ROOT / folder
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def shots(browser, screenshot_dir):
    def take(name):
        # The whole page, not just the window: the body's height, within reason.
        driver = browser.driver
        width, height = driver.get_window_size()["width"], driver.get_window_size()["height"]
        driver.execute_script("window.scrollTo(0, 0)")
        full = driver.execute_script("return Math.min(2400, document.documentElement.scrollHeight)")
        driver.set_window_size(width, max(height, full + 120))
        time.sleep(0.2)
        driver.save_screenshot(str(screenshot_dir / f"{name}.png"))
        driver.set_window_size(width, height)
    return take
