#!/usr/bin/env python3
"""Real-browser test of the staff web app: headless Chromium through Selenium walks an adviser's day against a
running `matchpunt serve --demo`, then screenshots every main page (pages.py) at 1280 px and 390 px, checks
that nothing scrolls sideways at 390 px, and runs axe-core (WCAG 2.1 A and AA) on each.

    python3 scripts/browser/walk.py http://127.0.0.1:PORT SCREENSHOT_DIR

Each step checks what the page says, not only that it loaded. Exit status 1 on the first failure, with the step.
"""
import json
import os
import re
import sys
import time
from urllib.parse import urlencode

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pages import ADMIN_PAGES, MAIN_PAGES, PUBLIC_PAGES  # noqa: E402

USER, PASSWORD = "adviseur", "matchpunt-demo"
# The admin account run.sh makes for the admin pages ("name:password"); without it those pages are not surveyed.
ADMIN = os.environ.get("MATCHPUNT_BROWSER_ADMIN", "")
FEED = os.environ.get("MATCHPUNT_BROWSER_FEED", "")
CANDIDATE = os.environ.get("MATCHPUNT_BROWSER_CANDIDATE", "K00005")
AXE_JS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".build", "axe-core", "axe.min.js")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDE, PHONE = (1280, 900), (390, 844)


class StepFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise StepFailed(message)


def new_driver():
    """A fresh headless Chromium: its own profile, so no cookies from another driver."""
    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=nl-NL",
                     "--hide-scrollbars", f"--window-size={WIDE[0]},{WIDE[1]}"]:
        options.add_argument(argument)
    binary = os.environ.get("CHROME_BIN") or next((p for p in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] if os.path.exists(p)), None)
    if binary:
        options.binary_location = binary
    driver_path = os.environ.get("CHROMEDRIVER") or next((p for p in ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"] if os.path.exists(p)), None)
    service = Service(executable_path=driver_path) if driver_path else Service()
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(120)
    driver.set_script_timeout(300)  # axe-core on a busy machine
    return driver


def navigate(driver, element, submit=False):
    """Click (or submit) and wait until the next page has replaced this one: the old page's <html> goes stale."""
    old = driver.find_element(By.TAG_NAME, "html")
    if submit:
        element.submit()
    else:
        element.click()
    WebDriverWait(driver, 120).until(expected_conditions.staleness_of(old))
    WebDriverWait(driver, 120).until(lambda d: d.execute_script("return document.readyState") == "complete")


def text(driver):
    return driver.find_element(By.TAG_NAME, "body").text


def h1(driver):
    return driver.find_element(By.TAG_NAME, "h1").text


class Walk:
    def __init__(self, base, shots):
        self.base = base.rstrip("/")
        self.shots = shots
        self.values = {"candidate": CANDIDATE, "feed": FEED}
        self.driver = new_driver()
        self.step = "start"

    def go(self, path):
        self.driver.get(self.base + path)

    def begin(self, step):
        self.step = step
        print(f"· {step}", flush=True)

    # The adviser's day ---------------------------------------------------------------------------------------

    def log_in(self):
        self.begin("log in")
        self.go("/kandidaten")
        check(self.driver.current_url.endswith("/login"), "a page without a session should send to /login")
        self.driver.find_element(By.ID, "username").send_keys(USER)
        self.driver.find_element(By.ID, "password").send_keys(PASSWORD)
        navigate(self.driver, self.driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]"))
        check(f"Uitloggen ({USER})" in text(self.driver), "after login the page should offer 'Uitloggen (adviseur)'")
        check(h1(self.driver) == "Overzicht", f"after login the dashboard should show, got {h1(self.driver)!r}")

    def search_candidate(self):
        self.begin("search a candidate")
        field = self.driver.find_element(By.ID, "zoek-kandidaat")
        field.send_keys(CANDIDATE)
        navigate(self.driver, field, submit=True)
        check("/kandidaten?" in self.driver.current_url, "the look-up should list candidates")
        status = self.driver.find_element(By.CSS_SELECTOR, "[role=status]").text
        check(re.search(r"van \d+", status), f"the list should say how many were found, got {status!r}")
        navigate(self.driver, self.driver.find_element(By.LINK_TEXT, CANDIDATE))
        check(h1(self.driver) == f"Kandidaat {CANDIDATE}", f"candidate page heading, got {h1(self.driver)!r}")
        body = text(self.driver)
        check("Loonwaarde" in body and "medisch" in body, "medical facts should be shown and marked 'medisch'")
        check("Best passende vacatures" in body, "the candidate page should rank vacancies")
        check(len(self.driver.find_elements(By.CSS_SELECTOR, "ol.ranking > li")) > 0, "the candidate should have ranked vacancies")

    def open_vacancy(self):
        self.begin("open a vacancy from the ranking")
        first = self.driver.find_element(By.CSS_SELECTOR, "ol.ranking > li .head a")
        href = first.get_attribute("href")
        self.values["vacancy"] = re.search(r"/vacatures/(\d+)", href).group(1)
        summary = self.driver.find_element(By.CSS_SELECTOR, "ol.ranking > li summary")
        summary.click()
        check("Bijdrage" in self.driver.find_element(By.CSS_SELECTOR, "ol.ranking > li details").text,
              "'Waarom deze score?' should open a table of contributions")
        navigate(self.driver, first)
        check(f"/vacatures/{self.values['vacancy']}" in self.driver.current_url, "the vacancy page should open")
        body = text(self.driver)
        check("Best passende kandidaten" in body and "Werkgever" in body, "the vacancy page should show its facts and ranking")

    def estimate_instruments(self):
        self.begin("instrument estimate")
        self.go(f"/kandidaten/{CANDIDATE}")
        vacancy = self.values["vacancy"]
        link = self.driver.find_element(By.CSS_SELECTOR, f"ol.ranking > li a[href*='instrumenten?vacature={vacancy}&']")
        navigate(self.driver, link)
        if self.driver.find_elements(By.ID, "loon-error"):
            # The vacancy names no wage: the field says so; state one.
            self.driver.find_element(By.ID, "loon").send_keys("16,25")
            navigate(self.driver, self.driver.find_element(By.CSS_SELECTOR, "form[method=get] button[type=submit]"))
        cards = self.driver.find_elements(By.CSS_SELECTOR, "article.instrument")
        check(len(cards) >= 3, f"the estimate should show a card per instrument, got {len(cards)}")
        body = text(self.driver)
        check("komt in aanmerking" in body or "informatie nodig" in body, "cards should carry a status")
        check("Loonkostensubsidie" in body or "Jobcoaching" in body, "the cards should name the instruments")
        trace = cards[0].find_element(By.TAG_NAME, "summary")
        trace.click()
        check(cards[0].find_element(By.CSS_SELECTOR, "details ol li").is_displayed(), "the trace should fold open")
        query = self.driver.current_url.split("?", 1)[1]
        self.values["terms"] = query

    def build_and_issue_quote(self):
        self.begin("build and issue a quote")
        navigate(self.driver, self.driver.find_element(By.CSS_SELECTOR, "form[action='/offertes'] button[type=submit]"))
        check(h1(self.driver).startswith("Offerteconcept"), f"a draft should open, got {h1(self.driver)!r}")
        self.values["draft"] = re.search(r"/offertes/concept/(\d+)", self.driver.current_url).group(1)
        table = self.driver.find_element(By.ID, "nettokosten")
        check("Netto per maand" in table.text and "€" in table.text, "the net cost table should show before issuing")
        navigate(self.driver, self.driver.find_element(By.CSS_SELECTOR, "form[action$='/uitbrengen'] button"))
        check("is uitgebracht" in text(self.driver), "issuing should say the quote is issued")
        heading = h1(self.driver)
        number = re.search(r"MP-\d{4}-\d{6}", heading)
        check(number, f"the issued quote should carry its number, got {heading!r}")
        self.values["quote"] = number.group(0)
        link = self.driver.find_element(By.ID, "werkgeverslink").get_attribute("value")
        check(re.search(r"/offerte/[A-Za-z0-9_-]{43}$", link), f"the employer link should be shown to copy, got {link!r}")
        self.values["employerLink"] = link

    def employer_accepts(self):
        self.begin("employer opens the link in a fresh browser and accepts")
        employer = new_driver()
        try:
            check(not employer.get_cookies(), "the employer's browser should start without cookies")
            employer.get(self.values["employerLink"])
            body = text(employer)
            check(self.values["quote"] in body, "the employer page should show the quote number")
            # The employer view has no field for the candidate's wage value (a medical fact); conditions may
            # name the measurement in general, but never a measured percentage.
            check(not re.search(r"loonwaarde[^.\n]{0,40}\d+\s?%", body, re.IGNORECASE), "the employer page must not show the wage value")
            check("medisch" not in body.lower(), "the employer page must not carry medical facts")
            self.axe(employer, "werkgever-offerte")
            employer.find_element(By.ID, "name").send_keys("J. de Werkgever")
            navigate(employer, employer.find_element(By.CSS_SELECTOR, "button[name=answer][value=accept]"))
            check("geaccepteerd" in text(employer), "the employer should see the answer recorded")
        finally:
            employer.quit()

    def staff_sees_acceptance(self):
        self.begin("staff sees the status change")
        self.go(f"/offertes/{self.values['quote']}")
        status = self.driver.find_element(By.ID, "offerte-status").text
        check(status == "geaccepteerd", f"the quote should now be accepted, got {status!r}")
        history = self.driver.find_element(By.ID, "geschiedenis").text
        check("uitgebracht → geaccepteerd" in history and "J. de Werkgever" in history, "the status history should record the employer's answer")
        self.go("/offertes?status=accepted")
        check(self.values["quote"] in text(self.driver), "the accepted filter should list the quote")

    def status_of(self, path):
        """The HTTP status of a GET with this browser's session cookie (Selenium does not expose statuses)."""
        import urllib.error
        import urllib.request
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in self.driver.get_cookies())
        request = urllib.request.Request(self.base + path, headers={"Cookie": cookies})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    # ---- MANAGEMENT OVERVIEW -----------------------------------------------------------------------------------
    MANAGEMENT_PATH = "/overzicht"

    @staticmethod
    def cells(row):
        return [cell.text.strip() for cell in row.find_elements(By.CSS_SELECTOR, "th, td")]

    def management_shows_acceptance(self):
        """The management overview (this year, the default) counts the quote just accepted: in the year's total
        of accepted quotes with a promised amount, in the month table, per instrument and per region; the
        charts are images with a title; the CSV export answers."""
        self.begin("management overview shows the accepted quote")
        navigate(self.driver, self.driver.find_element(By.CSS_SELECTOR, f"nav a[href='{self.MANAGEMENT_PATH}']"))
        check(h1(self.driver).startswith("Managementoverzicht"), f"the management overview should open, got {h1(self.driver)!r}")
        # Maand | Berekend | Uitgebracht | Geaccepteerd | Aangeboden | Toegezegd
        total = self.cells(self.driver.find_element(By.CSS_SELECTOR, "#tabel-maanden tfoot tr"))
        check(total[0] == "Totaal" and int(total[3]) >= 1, f"the year's total should count the accepted quote, got {total}")
        check(int(total[1]) >= int(total[2]) >= int(total[3]), f"calculated ≥ issued ≥ accepted, got {total}")
        check(total[5].startswith("€") and total[5] != "€ 0,00", f"the accepted quote's promised amount should count, got {total[5]!r}")
        months = [self.cells(row) for row in self.driver.find_elements(By.CSS_SELECTOR, "#tabel-maanden tbody tr")]
        check(any(int(row[3]) >= 1 for row in months), "one month should show the acceptance")
        instruments = [self.cells(row) for row in self.driver.find_elements(By.CSS_SELECTOR, "#tabel-instrumenten tbody tr")]
        check(any(len(row) == 6 and int(row[3]) >= 1 for row in instruments), f"an instrument should count the acceptance, got {instruments}")
        regions = [self.cells(row) for row in self.driver.find_elements(By.CSS_SELECTOR, "#tabel-regios tbody tr")]
        check(any(len(row) == 3 and int(row[1]) >= 1 for row in regions), f"a region should count the placement, got {regions}")
        charts = self.driver.find_elements(By.CSS_SELECTOR, "svg[role=img]")
        check(len(charts) == 4, f"four charts expected, got {len(charts)}")
        check(all(chart.get_attribute("aria-labelledby") for chart in charts), "every chart should be labelled by its title and description")
        check(self.status_of("/overzicht/maanden.csv") == 200, "the month table's CSV export should answer")

    def survey_admin_pages(self):
        """The admin pages, in a browser of their own logged in as the admin account; a consultant gets 403."""
        self.begin("admin pages are refused to the adviser")
        check(self.status_of("/beheer/feeds") == 403, "the feed admin should answer 403 to a consultant")
        name, password = ADMIN.split(":", 1)
        admin = new_driver()
        try:
            self.begin(f"log in as admin {name}")
            admin.get(self.base + "/login")
            admin.find_element(By.ID, "username").send_keys(name)
            admin.find_element(By.ID, "password").send_keys(password)
            navigate(admin, admin.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]"))
            check(f"Uitloggen ({name})" in text(admin), "the admin should be logged in")
            self.survey(admin, ADMIN_PAGES, user=name)
        finally:
            admin.quit()

    # Every main page: screenshots, no sideways scroll on a phone, axe --------------------------------------------

    def axe(self, driver, name):
        from axe_selenium_python import Axe
        # axe-core as shipped inside axe-selenium-python; scripts/setup.sh puts a 4.x copy in .build/axe-core/ when
        # the installed package carries the old 3.1 (Python < 3.12), which does not know the wcag21a tag.
        Axe(driver, script_url=AXE_JS).inject() if os.path.exists(AXE_JS) else Axe(driver).inject()
        version = driver.execute_script("return axe.version")
        check(int(version.split(".")[0]) >= 4, f"axe-core {version} is too old for the WCAG 2.1 tags: run scripts/setup.sh")
        # Run it ourselves so that a rejected promise reports its error instead of hanging until the script time-out.
        options = json.dumps({"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
        results = driver.execute_async_script(
            "var done = arguments[arguments.length - 1];"
            f"axe.run(document, {options}).then(r => done({{violations: r.violations}}), e => done({{error: String(e)}}));")
        check("error" not in results, f"axe-core failed on {name}: {results.get('error')}")
        violations = results.get("violations", [])
        if violations:
            details = "; ".join(f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in violations)
            raise StepFailed(f"axe found {len(violations)} WCAG 2.1 A/AA violation(s) on {name}: {details}")

    def manual_vacancy(self):
        """A vacancy taken by phone: create it with the form, then change its title on the edit page."""
        self.begin("manual vacancy: create and edit")
        self.go("/vacatures/nieuw")
        for field, value in [("v-titel", "Magazijnmedewerker"), ("v-uren-min", "24"), ("v-uren-max", "32"), ("v-postcode", "3311 KH")]:
            self.driver.find_element(By.ID, field).send_keys(value)
        navigate(self.driver, self.driver.find_element(By.CSS_SELECTOR, "form[action='/vacatures'] button[type=submit]"))
        check(h1(self.driver) == "Magazijnmedewerker", f"the new vacancy should show, got {h1(self.driver)!r}")
        self.values["manual"] = re.search(r"/vacatures/(\d+)", self.driver.current_url).group(1)
        navigate(self.driver, self.driver.find_element(By.LINK_TEXT, "Vacature wijzigen"))
        title = self.driver.find_element(By.ID, "v-titel")
        check(title.get_attribute("value") == "Magazijnmedewerker", "the edit form should start from the stored vacancy")
        title.clear()
        title.send_keys("Orderpicker")
        navigate(self.driver, self.driver.find_element(By.CSS_SELECTOR, "form[action$='/bewerken'] button[type=submit]"))
        check(h1(self.driver) == "Orderpicker", f"the changed vacancy should show, got {h1(self.driver)!r}")

    def survey(self, driver, pages, logged_in=True, user=USER):
        for path, name in pages:
            url_path = path.format(**{k: v for k, v in self.values.items()})
            self.begin(f"page {name}: {url_path}")
            for label, (width, height) in [("1280", WIDE), ("390", PHONE)]:
                driver.set_window_size(width, height)
                driver.get(self.base + url_path)
                check(driver.find_elements(By.TAG_NAME, "h1"), f"{url_path} should have a heading")
                check("Niet gevonden" not in h1(driver) and "Er ging iets mis" not in h1(driver), f"{url_path} answered {h1(driver)!r}")
                if logged_in:
                    check(f"Uitloggen ({user})" in text(driver), f"{url_path} should be shown to the logged-in {user}")
                driver.save_screenshot(os.path.join(self.shots, f"{name}-{label}.png"))
                if label == "390":
                    scroll, inner = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
                    check(scroll <= inner, f"{url_path} scrolls sideways at 390 px (scrollWidth {scroll} > innerWidth {inner})")
                self.axe(driver, f"{name} at {label} px")

    def run(self):
        try:
            self.log_in()
            self.search_candidate()
            self.open_vacancy()
            self.estimate_instruments()
            self.build_and_issue_quote()
            self.employer_accepts()
            self.staff_sees_acceptance()
            self.management_shows_acceptance()
            # A second draft (left open) so the draft page can be surveyed as a draft.
            self.begin("second draft for the survey")
            self.go(f"/kandidaten/{CANDIDATE}/instrumenten?{self.values['terms']}")
            navigate(self.driver, self.driver.find_element(By.CSS_SELECTOR, "form[action='/offertes'] button[type=submit]"))
            self.values["draft"] = re.search(r"/offertes/concept/(\d+)", self.driver.current_url).group(1)
            self.manual_vacancy()
            self.survey(self.driver, MAIN_PAGES)
            anonymous = new_driver()
            try:
                self.survey(anonymous, PUBLIC_PAGES, logged_in=False)
            finally:
                anonymous.quit()
            if ADMIN:
                self.survey_admin_pages()
        except StepFailed as failure:
            self.driver.save_screenshot(os.path.join(self.shots, "failure.png"))
            print(f"FAILED at step '{self.step}': {failure}", file=sys.stderr)
            return 1
        finally:
            self.driver.quit()
        print(f"browser walk passed; screenshots in {self.shots}")
        return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    os.makedirs(sys.argv[2], exist_ok=True)
    sys.exit(Walk(sys.argv[1], sys.argv[2]).run())
