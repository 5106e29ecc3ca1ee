#!/usr/bin/env python3
"""serve-browser.py: drives jixiao-serve's page in headless Chromium
(Selenium over chromedriver) as an analyst would: opens it, types a
query, applies a year filter, clicks a bar of the year chart, opens a
report and downloads the CSV, checking what the page shows at each step
against the numbers jixiao-search gives (passed in as JSON). Prints
PASS:/FAIL: lines and saves a screenshot of each step.

Usage: serve-browser.py URL SHOTS-DIR DOWNLOAD-DIR EXPECT.json
"""
import json
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

NAME = "T810-serve-browser"
url, shots, downloads, expect_file = sys.argv[1:5]
with open(expect_file, encoding="utf-8") as f:
    want = json.load(f)
failed = 0


def check(name, ok, why=""):
    global failed
    if ok:
        print(f"PASS: {NAME} {name}")
    else:
        failed += 1
        print(f"FAIL: {NAME} {name}: {why}")
    sys.stdout.flush()


opts = Options()
for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--window-size=1280,1100", "--lang=zh-CN"]:
    opts.add_argument(a)
opts.add_experimental_option("prefs", {
    "download.default_directory": downloads,
    "download.prompt_for_download": False,
})
opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")),
                          options=opts)
driver.set_page_load_timeout(60)
wait = WebDriverWait(driver, 30)


def shot(step):
    driver.save_screenshot(os.path.join(shots, step + ".png"))


def text(css):
    return driver.find_element(By.CSS_SELECTOR, css).text


def wait_total(n):
    """Waits until the page shows n reports in total; True when it does."""
    try:
        # read by script: the element is replaced as the page redraws
        wait.until(lambda d: d.execute_script(
            "const e = document.getElementById('total-reports'); return e ? e.textContent : null") == str(n))
        return True
    except Exception:
        return False


def chips():
    return [c.text.replace("×", "").strip() for c in driver.find_elements(By.CSS_SELECTOR, "#chips .chip")]


try:
    # 1. the page opens
    driver.get(url + "/")
    wait.until(EC.presence_of_element_located((By.ID, "total-reports")))
    check("page-opens", driver.title == "绩效自评报告检索", driver.title)
    check("page-totals-all", wait_total(want["all"]), text("#totals"))
    driver.find_element(By.ID, "help-toggle").click()
    check("help-one-click", driver.find_element(By.ID, "help").is_displayed())
    shot("1-page")
    driver.find_element(By.ID, "help-toggle").click()
    # paging: every report, ten a page
    driver.find_element(By.ID, "next").click()
    try:
        wait.until(lambda d: "offset=10" in d.current_url and d.execute_script(
            "return document.querySelectorAll('#results .hit').length") == want["all"] - 10)
        paged = True
    except Exception:
        paged = False
    check("paging-next", paged, driver.current_url)
    # the department suggested as it is typed, with its number of reports
    dept = driver.find_element(By.ID, "f-dept")
    dept.send_keys(want["dept_typed"])
    try:
        wait.until(lambda d: d.find_element(By.ID, "dept-suggest").is_displayed())
        items = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#dept-suggest li")]
    except Exception:
        items = []
    check("dept-suggested", want["dept_suggestion"] in items, repr(items))
    shot("1-dept-suggest")
    dept.clear()

    # 2. a query typed and searched
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys(want["query"])
    driver.find_element(By.ID, "go").click()
    check("query-totals", wait_total(want["reports"]), text("#totals"))
    check("query-passages", text("#total-passages") == str(want["passages"]), text("#totals"))
    marks = [m.text for m in driver.find_elements(By.CSS_SELECTOR, "#results mark")]
    check("query-marks", marks and all(m == want["query"] for m in marks), repr(marks[:5]))
    titles = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#results .report-link")]
    check("query-first-title", titles and titles[0] == want["first_title"], repr(titles[:2]))
    check("query-in-url", "q=" in driver.current_url, driver.current_url)
    bars = driver.find_elements(By.CSS_SELECTOR, "#chart-year .bar")
    check("chart-years", [b.get_attribute("data-year") for b in bars] == want["years"],
          repr([b.get_attribute("data-year") for b in bars]))
    shot("2-query")

    # 3. a year filter from the form
    y = want["filter_year"]
    driver.find_element(By.ID, "f-year-from").send_keys(y)
    driver.find_element(By.ID, "f-year-to").send_keys(y)
    driver.find_element(By.ID, "apply").click()
    check("year-filter-totals", wait_total(want["by_year"][y]), text("#totals"))
    check("year-filter-chip", f"年度：{y}" in chips(), repr(chips()))
    shot("3-year-filter")

    # the chip removed: back to every year
    driver.find_element(By.CSS_SELECTOR, '#chips .chip[data-filter="year"] button').click()
    check("chip-removed", wait_total(want["reports"]), text("#totals"))

    # 4. a bar of the chart clicked
    y2 = want["bar_year"]
    bar = driver.find_element(By.CSS_SELECTOR, f'#chart-year .bar[data-year="{y2}"] rect')
    bar.click()
    check("bar-click-totals", wait_total(want["by_year"][y2]), text("#totals"))
    check("bar-click-chip", f"年度：{y2}" in chips(), repr(chips()))
    check("bar-click-url", f"year={y2}" in driver.current_url, driver.current_url)
    shot("4-chart-bar")

    # 5. a report opened
    first = driver.find_element(By.CSS_SELECTOR, "#results .report-link")
    title = first.text
    first.click()
    wait.until(EC.visibility_of_element_located((By.ID, "report-title")))
    check("report-title", text("#report-title") == title, text("#report-title"))
    # a header row, then one row per metadata field (8: title to published)
    rows = driver.find_elements(By.CSS_SELECTOR, "table.fields tr")
    check("report-fields", len(rows) == 9, f"{len(rows)} rows")
    check("report-published-named", "发布日期" in text("table.fields"),
          "no 发布日期 row")
    evidence = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "table.fields .line")]
    check("report-evidence-lines", any(e.startswith("第 ") for e in evidence), repr(evidence))
    marks = [m.text for m in driver.find_elements(By.CSS_SELECTOR, "article.clean mark")]
    check("report-marks", marks and all(m == want["query"] for m in marks), repr(marks[:5]))
    heads = driver.find_elements(By.CSS_SELECTOR, "article.clean h3")
    check("report-headings", len(heads) > 2, f"{len(heads)} headings")
    link = driver.find_element(By.ID, "original").get_attribute("href")
    check("report-original-by-id", "/api/original?id=" in link and "/" not in link.split("id=")[1], link)
    shot("5-report-text")  # scrolled to the first match
    driver.execute_script("window.scrollTo(0, 0)")
    shot("5-report-meta")

    # 6. back, and the CSV downloaded
    driver.find_element(By.ID, "back").click()
    wait.until(EC.visibility_of_element_located((By.ID, "csv")))
    check("back-totals", wait_total(want["by_year"][y2]), text("#totals"))
    driver.find_element(By.ID, "csv").click()
    got = None
    for _ in range(100):
        # Chromium writes a hidden temporary file first, then renames it
        names = [n for n in os.listdir(downloads) if n.endswith(".csv")]
        if names:
            got = os.path.join(downloads, names[0])
            break
        time.sleep(0.2)
    check("csv-downloaded", got is not None, "no file in " + downloads)
    if got:
        time.sleep(0.3)
        data = open(got, "rb").read()
        check("csv-bom", data.startswith(b"\xef\xbb\xbf"), repr(data[:10]))
        lines = data.decode("utf-8-sig").splitlines()
        check("csv-rows", len(lines) == want["by_year"][y2] + 1, f"{len(lines)} lines")
    shot("6-csv")

    # 7. a bad query: the CLI's message on the page, not a crash
    driver.get(url + "/?q=" + "(疫情")
    wait.until(EC.visibility_of_element_located((By.ID, "error")))
    check("bad-query-message", want["bad_query_message"] in text("#error"), text("#error"))
    # script in a query is shown as text, never run
    driver.get(url + "/?q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    time.sleep(1)
    check("script-not-run", len(driver.find_elements(By.CSS_SELECTOR, "img")) == 0)
    alerts = True
    try:
        driver.switch_to.alert
    except Exception:
        alerts = False
    check("no-alert", not alerts)
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE" and "status of 400" not in e["message"]]
    check("no-console-errors", not errors, repr(errors[:2]))
finally:
    driver.quit()
sys.exit(1 if failed else 0)
