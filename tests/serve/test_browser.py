"""The web page in a real browser: Debian's headless Chromium against a real ``newsitem serve``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES
from tests.serve.conftest import LiveServer, open_browser

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

G2_NS = "http://iptc.org/std/nar/2006-10-01/"


def _wait(driver: Any, css: str, timeout: float = 20) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css))
    )


def _wait_text(driver: Any, css: str, text: str, timeout: float = 20) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(
        expected_conditions.text_to_be_present_in_element((By.CSS_SELECTOR, css), text)
    )


def _paste(driver: Any, text: str) -> None:
    # send_keys types character by character (slow, and auto-indenting editors would change
    # the text); setting the value is what a paste does to a plain textarea.
    area = driver.find_element("id", "document")
    driver.execute_script("arguments[0].value = arguments[1];", area, text)


def _choose(driver: Any, select_id: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element("id", select_id)).select_by_value(value)


def test_pasted_invalid_item_shows_highlighted_line_and_code(
    browser: Any, live_server: LiveServer, screenshot_dir: Path
) -> None:
    """Pasting bad-values.json marks line 3 (the headline) as an error with NI201, in place."""
    browser.get(live_server.url + "/")
    _paste(browser, (EXAMPLES / "invalid" / "bad-values.json").read_text("utf-8"))
    browser.find_element("id", "check").click()
    line = _wait(browser, "#L3.line.error")
    assert "NI201" in line.text
    assert '"headline"' in line.text
    codes = [td.text for td in browser.find_elements("css selector", "#issues td.code")]
    assert codes == ["NI201", "NI205", "NI206", "NI200", "NI203"]
    assert browser.find_element("id", "verdict").get_attribute("class") == "verdict invalid"
    assert "Not converted" in browser.find_element("id", "not-converted").text
    # the page was updated in place by the script, not by a form post (the URL never changed)
    assert browser.current_url == live_server.url + "/"
    assert browser.save_screenshot(str(screenshot_dir / "invalid-item.png"))


def test_uploaded_raw_page_converts_to_json(
    browser: Any, live_server: LiveServer, screenshot_dir: Path
) -> None:
    """Uploading a raw agency page reads it as text and shows the item as newsitem JSON."""
    browser.get(live_server.url + "/")
    page = EXAMPLES / "raw" / "spice-market.txt"
    browser.find_element("id", "file").send_keys(str(page))
    _choose(browser, "to", "json")
    browser.find_element("id", "check").click()
    output = _wait(browser, "#output")
    assert browser.find_element("id", "detected").text == "text"
    shown = json.loads(output.text)
    expected = json.loads((EXAMPLES / "raw" / "spice-market.json").read_text("utf-8"))
    assert shown["headline"] == expected["headline"]
    assert shown["body"] == expected["body"]
    assert browser.save_screenshot(str(screenshot_dir / "raw-page-to-json.png"))


def test_convert_to_newsml_g2(browser: Any, live_server: LiveServer, screenshot_dir: Path) -> None:
    """Choosing NewsML-G2 for a valid article shows a G2 newsItem in the second pane."""
    browser.get(live_server.url + "/")
    _paste(browser, (EXAMPLES / "articles" / "chess-prodigy.json").read_text("utf-8"))
    browser.find_element("id", "check").click()
    _wait(browser, "#output")
    _choose(browser, "to", "newsml-g2")  # changing the target re-checks by itself
    _wait_text(browser, "#converted h2", "newsml-g2")
    output = browser.find_element("id", "output").text
    assert output.startswith("<?xml")
    assert G2_NS in output
    assert browser.find_element("id", "verdict").get_attribute("class") == "verdict valid"
    assert browser.save_screenshot(str(screenshot_dir / "article-to-newsml-g2.png"))


def test_page_works_without_javascript(live_server: LiveServer, tmp_path: Path) -> None:
    """With JavaScript off the form is posted as usual and the answer shows the same marks."""
    driver = open_browser(tmp_path, javascript=False)
    try:
        driver.get(live_server.url + "/")
        driver.find_element("id", "document").send_keys('{"newsitem": "1.0",\n"body": ["x"]}')
        driver.find_element("id", "check").click()
        line = _wait(driver, "#L1.line.error")
        assert "NI101" in line.text
        assert [td.text for td in driver.find_elements("css selector", "#issues td.code")] == [
            "NI101"
        ]
    finally:
        driver.quit()
