"""What several browser tests do alike."""

from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD


def sign_in(page, username: str, password: str = TEST_PASSWORD) -> None:
    """Sign in through the real login form (starting from no session) and wait for it."""
    page.context.clear_cookies()
    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna atau nomor HP").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_label("Kata sandi")).to_have_count(0)
