"""The downloads' file names: whatever a department, team or scope is called, the header stays Latin-1 and
quoted."""

from bot.web.render import download, safe_filename


def test_a_file_name_keeps_ascii_letters_digits_dot_dash_and_underscore_only():
    assert safe_filename("adoption-tools-2026-11-Sales.csv") == "adoption-tools-2026-11-Sales.csv"
    assert safe_filename('營業部 "R&D"/Ops é.csv') == "_____R_D__Ops__.csv"


def test_a_download_of_a_department_named_in_another_script_has_a_header_latin_1_can_carry():
    response = download("adoption-departments-2026-11-營業部.csv", "a,b\n")
    header = dict(response.raw_headers)[b"content-disposition"]
    assert header == b'attachment; filename="adoption-departments-2026-11-___.csv"'
    assert response.body == b"a,b\n" and response.media_type.startswith("text/csv")
