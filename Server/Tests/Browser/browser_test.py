#!/usr/bin/env python3
"""The page in a real browser: headless Chromium (through chromedriver and selenium) loads the page
from an aim-viewer-server this script starts on a free loopback port, waits for it to render,
checks the paper's figures under the llm-viewer convention (99.63 and 14.76 TFLOPs), moves the
prune-step slider and checks that the method's numbers change while the baseline's do not, clicks
a per-layer bar for its operators, reloads from the URL the page wrote, chooses an engine and
checks its calibrated TTFT against the command line's, opens a paper convention, and stops the server.

    python3 Tests/Browser/browser_test.py [--server .build/debug/aim-viewer-server] [--screenshots docs/screenshots]

Exits 0 on success, 1 on a failed check, 77 when chromium, chromedriver or selenium is missing.
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

def missing_tools():
    missing = [name for name in ("chromium", "chromedriver") if shutil.which(name) is None]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip install selenium)")
    return missing

def start_server(binary, database):
    server = subprocess.Popen([binary, "--port", "0", "--db", database], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 15
    while time.time() < deadline:
        line = server.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line or "")
        if match:
            return server, int(match.group(1))
        if server.poll() is not None:
            break
    server.kill()
    raise SystemExit("the server did not start: " + server.stderr.read())

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", default=".build/debug/aim-viewer-server")
    parser.add_argument("--screenshots", help="write a PNG of each main view into this folder")
    args = parser.parse_args()
    missing = missing_tools()
    if missing:
        print("browser test skipped: missing " + ", ".join(missing) + " (CI installs them in .ci/run)")
        return 77

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    database = os.path.join(tempfile.mkdtemp(prefix="aim-viewer-browser-"), "runs.sqlite")
    server, port = start_server(args.server, database)
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(flag)
    options.binary_location = shutil.which("chromium")
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    failures, checks = [], []

    def check(condition, what):
        print(("ok   " if condition else "FAIL ") + what)
        checks.append(what)
        if not condition:
            failures.append(what)

    def rendered_after(previous):
        WebDriverWait(driver, 60).until(
            lambda d: d.execute_script("return document.body.dataset.rendered") not in (None, previous)
            and d.find_element(By.ID, "status").get_attribute("data-state") in ("ready", "error"))
        return driver.execute_script("return document.body.dataset.rendered")

    def totals():
        rows = driver.find_elements(By.CSS_SELECTOR, "#totals-table tbody tr")
        return {row.get_attribute("data-schedule"): (row.find_element(By.CSS_SELECTOR, ".tflops").text,
                                                     row.find_element(By.CSS_SELECTOR, ".ms").text) for row in rows}

    try:
        base = "http://127.0.0.1:%d/" % port
        driver.get(base + "?convention=llm-viewer")
        seq = rendered_after(None)
        first = totals()
        print("default workload, llm-viewer:", first, "round trip", driver.execute_script("return document.body.dataset.roundTripMs"), "ms")
        check(first.get("baseline", ("",))[0] == "99.63", "baseline prefill shows 99.63 TFLOPs")
        check(first.get("AIM", ("",))[0] == "14.76", "AIM prefill shows 14.76 TFLOPs")
        check(first.get("baseline", ("", ""))[1] == "439.58" and first.get("AIM", ("", ""))[1] == "55.03", "prefill 439.58 vs 55.03 ms")
        for chart in ("totals", "perLayer", "schedule", "roofline", "memory", "request", "methods", "frontier", "devices"):
            check(len(driver.find_elements(By.CSS_SELECTOR, '[data-chart="%s"] svg' % chart)) > 0, "the %s chart is drawn" % chart)
        if args.screenshots:
            os.makedirs(args.screenshots, exist_ok=True)
            driver.set_window_size(1400, 1000)
            # The sticky header would cover the top of each element's picture.
            driver.execute_script("document.querySelector('header').style.position = 'static'")
            for view in ("totals", "per-layer", "roofline", "memory", "methods", "frontier", "devices"):
                element = driver.find_element(By.ID, view + "-view")
                element.screenshot(os.path.join(args.screenshots, "serve-%s.png" % view))
            driver.execute_script("document.querySelector('header').style.position = ''; window.scrollTo(0, 0)")
            driver.save_screenshot(os.path.join(args.screenshots, "serve-page.png"))

        # Move the prune-step slider (0.125 -> 0.05): the method's numbers change, the baseline's do not.
        slider = driver.find_element(By.ID, "prune-step")
        driver.execute_script("arguments[0].value = '0.05'; arguments[0].dispatchEvent(new Event('input', {bubbles: true}))", slider)
        seq = rendered_after(seq)
        second = totals()
        print("prune step 0.05:", second)
        check(second.get("baseline") == first.get("baseline"), "the baseline is unchanged")
        check(second.get("AIM") != first.get("AIM") and float(second["AIM"][0]) > float(first["AIM"][0]),
              "AIM's prefill grows when it prunes less (%s -> %s TFLOPs)" % (first.get("AIM"), second.get("AIM")))
        check("prune-step=0.05" in driver.current_url, "the URL records the setting (%s)" % driver.current_url)

        # A per-layer bar opens its operators.
        bar = driver.find_element(By.CSS_SELECTOR, '#per-layer-1 rect[data-layer="3"]')
        driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", bar)
        check("layer 3" in driver.find_element(By.ID, "operators").text, "clicking layer 3 lists its operators")
        check(len(driver.find_elements(By.CSS_SELECTOR, "#operator-table tbody tr")) > 5, "the operator table has rows")

        # The URL reproduces the view.
        driver.get(driver.current_url)
        rendered_after(None)
        check(totals() == second, "reloading the URL shows the same numbers")

        # The engine control: the calibrated figures appear in the TTFT and decode view (the CLI's
        # `analyze --engine tensorrt-llm --gen-len 128`: TTFT 433.584 vs 80.331 ms), and the URL keeps it.
        driver.get(base)
        seq = rendered_after(None)
        check(not driver.find_element(By.ID, "engine-view").is_displayed(), "no engine, no calibrated table")
        check(not driver.find_element(By.ID, "context").is_displayed(), "the decode context waits for an engine")
        engine = driver.find_element(By.ID, "engine")
        driver.execute_script("arguments[0].value = 'tensorrt-llm'; arguments[0].dispatchEvent(new Event('change', {bubbles: true}))", engine)
        seq = rendered_after(seq)

        def engine_rows():
            rows = driver.find_elements(By.CSS_SELECTOR, "#engine-table tbody tr")
            return {row.get_attribute("data-schedule"): (row.find_element(By.CSS_SELECTOR, ".engine-ttft-ms").text,
                                                         row.find_element(By.CSS_SELECTOR, ".engine-decode-ms").text) for row in rows}
        calibrated = engine_rows()
        print("engine tensorrt-llm:", calibrated)
        check(driver.find_element(By.ID, "engine-view").is_displayed(), "choosing an engine shows its calibrated table")
        check(calibrated.get("baseline", ("",))[0] == "433.58" and calibrated.get("AIM", ("",))[0] == "80.33",
              "the engine's TTFT is the command line's (433.58 vs 80.33 ms)")
        check("tensorrt-llm" in driver.find_element(By.ID, "engine-title").text, "the table names the engine")
        check("AIM, tensorrt-llm" in driver.find_element(By.CSS_SELECTOR, '[data-chart="request"]').text,
              "the request chart draws the calibrated rows")
        check("engine=tensorrt-llm" in driver.current_url, "the URL records the engine (%s)" % driver.current_url)
        context = driver.find_element(By.ID, "context")
        check(context.is_displayed(), "the decode context is offered with an engine")
        driver.execute_script("arguments[0].value = '4096'; arguments[0].dispatchEvent(new Event('input', {bubbles: true}))", context)
        seq = rendered_after(seq)
        at_context = [cells.text for cells in driver.find_elements(By.CSS_SELECTOR, "#engine-table tbody tr td:nth-of-type(3)")]
        check(at_context == ["4096", "4096"], "the decode step is priced at the context asked for (%s)" % at_context)
        check(engine_rows().get("AIM", ("", ""))[1] != calibrated.get("AIM", ("", ""))[1], "the decode step moves with the context")
        if args.screenshots:
            driver.execute_script("document.querySelector('header').style.position = 'static'")
            driver.find_element(By.ID, "request-view").screenshot(os.path.join(args.screenshots, "serve-engine.png"))
            driver.execute_script("document.querySelector('header').style.position = ''")

        # A paper convention from the URL: the formula beside the exact count, no time to draw.
        driver.get(base + "?convention=fastv-paper")
        rendered_after(None)
        check(driver.find_element(By.ID, "paper-view").is_displayed(), "fastv-paper shows the formula's table")
        check(not driver.find_element(By.ID, "roofline-view").is_displayed(), "and no roofline (a formula has no bytes or time)")
        paper = {row.get_attribute("data-schedule"): row.find_element(By.CSS_SELECTOR, ".formula").text
                 for row in driver.find_elements(By.CSS_SELECTOR, "#paper-table tbody tr")}
        print("fastv-paper:", paper)
        check(paper.get("baseline, prefill") == "41.543 TMACs", "the baseline counts 41.543 TMACs by FastV's formula")

        # A multimodal model's frames at a size, end to end: the sweeps (methods at equal cost, the
        # frontier) and the devices carry the vision fields; the bodies are recorded as posted.
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source":
            "window.__posted = []; const f = window.fetch;"
            " window.fetch = (u, o) => { window.__posted.push([String(u), o && o.body]); return f(u, o); };"})
        driver.get(base + "?model=llava-1.5-7b&frames=2&frame-size=672x448&vision-layers=feature-layer&end-to-end=1")
        rendered_after(None)
        posted = driver.execute_script("return window.__posted")
        def last_body(route):
            bodies = [json.loads(body) for url, body in posted if url.endswith(route) and body]
            return bodies[-1] if bodies else {}
        explore, compare, analyze = last_body("/api/view/explore"), last_body("/api/view/compare"), last_body("/api/view/analyze")
        print("end to end, explore body:", {k: explore.get(k) for k in ("model", "frames", "frame-size", "end-to-end", "vision-layers")})
        check(explore.get("end-to-end") is True and explore.get("frame-size") == "672x448" and explore.get("vision-layers") == "feature-layer",
              "the sweep is asked for end to end, at the frame size, with the layers chosen")
        check(compare.get("end-to-end") is True, "the devices are compared end to end")
        check("end-to-end" not in analyze, "analyze (which shows both times) is not sent end-to-end")
        check(len(driver.find_elements(By.CSS_SELECTOR, '[data-chart="methods"] svg')) > 0
              and len(driver.find_elements(By.CSS_SELECTOR, '[data-chart="frontier"] svg')) > 0,
              "the methods at equal cost and the frontier are drawn from the end-to-end sweep")
        check("end-to-end=1" in driver.current_url, "the URL records end to end")

        # A bad setting shows the command line's message.
        driver.get(base + "?tp=3")
        WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "status").get_attribute("data-state") == "error")
        check("--tp 3 does not divide" in driver.find_element(By.ID, "error").text, "an error shows the command line's message")
    finally:
        driver.quit()
        server.send_signal(signal.SIGINT)
        try:
            code = server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            code = "killed"
        check(code == 0, "the server stopped on Ctrl-C (exit %s)" % code)
        check(not os.path.exists(database), "nothing was written to the runs database")
    print("browser checks: %d of %d held" % (len(checks) - len(failures), len(checks)))
    return 1 if failures else 0

if __name__ == "__main__":
    sys.exit(main())
