from django.core.management import call_command

from opinions.models import Area, Signal


def test_it_prepares_reference_and_demo_data_in_one_command(db, settings, capsys):
    settings.DEMO = True
    call_command("prepare")
    out = capsys.readouterr().out
    assert "Dữ liệu danh mục" in out and "Tài khoản trình diễn" in out
    assert Area.objects.count() == 125 and Signal.objects.exists()


def test_it_loads_no_demo_data_without_demo(db, settings, capsys):
    settings.DEMO = False
    call_command("prepare")
    assert "Tài khoản trình diễn" not in capsys.readouterr().out
    assert not Signal.objects.exists()
