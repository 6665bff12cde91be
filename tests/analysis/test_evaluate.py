import json

from analysis.evaluate import main

from .conftest import make_texts


def _write_jsonl(path, rows, extra_line=None):
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    if extra_line is not None:
        lines.insert(1, extra_line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _last_json(capsys):
    out = capsys.readouterr().out.strip().splitlines()
    return json.loads(out[-1])


def test_it_scores_a_classifier_on_tiny_files(tmp_path, capsys):
    texts, labels = make_texts(200, seed=5)
    train = _write_jsonl(
        tmp_path / "train.jsonl",
        [{"noi_dung": t, "nhan": y} for t, y in zip(texts, labels, strict=True)],
    )
    texts, labels = make_texts(60, seed=6)
    test = _write_jsonl(
        tmp_path / "test.jsonl",
        [{"noi_dung": t, "nhan": y} for t, y in zip(texts, labels, strict=True)],
    )
    code = main(
        [
            "--task",
            "classify",
            "--train",
            train,
            "--test",
            test,
            "--text-key",
            "noi_dung",
            "--label-key",
            "nhan",
        ]
    )
    result = _last_json(capsys)
    assert code == 0
    assert set(result) >= {
        "accuracy",
        "macro_f1",
        "per_class",
        "train_seconds",
        "predict_per_second",
    }
    assert 0.8 < result["accuracy"] <= 1 and set(result["per_class"]) == set(labels)


def test_it_names_the_malformed_line(tmp_path, capsys):
    path = _write_jsonl(tmp_path / "bad.jsonl", [{"text": "a", "label": "x"}] * 3, extra_line="{khong phai json")
    code = main(["--task", "classify", "--train", path, "--test", path])
    err = capsys.readouterr().err
    assert code == 2 and "dòng 2" in err and "bad.jsonl" in err


def test_it_names_a_line_missing_a_key(tmp_path, capsys):
    path = _write_jsonl(tmp_path / "t.jsonl", [{"text": "a", "area_code": None}, {"text": "b"}])
    assert main(["--task", "locate", "--test", path]) == 2
    assert "dòng 2" in capsys.readouterr().err


def test_it_refuses_a_file_that_is_not_utf8(tmp_path, capsys):
    path = tmp_path / "latin.jsonl"
    path.write_bytes('{"text": "café", "group": 1}\n'.encode("latin-1"))
    assert main(["--task", "group", "--test", str(path)]) == 2
    assert "UTF-8" in capsys.readouterr().err


def test_it_scores_locate(tmp_path, capsys):
    rows = [
        {"text": "Đường ở xã Hòa Ninh bị sạt lở", "area_code": "25036"},
        {"text": "duong o xa hoa ninh bi ngap", "area_code": "25036"},
        {"text": "Giá xăng tăng", "area_code": None},
    ]
    assert main(["--task", "locate", "--test", _write_jsonl(tmp_path / "l.jsonl", rows)]) == 0
    result = _last_json(capsys)
    assert result["accuracy"] == 1.0 and result["precision"] == 1.0 and result["recall"] == 1.0


def test_it_scores_grouping(tmp_path, capsys):
    rows = [
        {"text": "Đường vào xã bị sạt lở nghiêm trọng, xe không đi được", "group": "a"},
        {"text": "Trường thu tiền sai quy định, phụ huynh bức xúc", "group": "b"},
        {"text": "duong vao xa bi sat lo nghiem trong, xe khong di duoc", "group": "a"},
    ]
    assert main(["--task", "group", "--test", _write_jsonl(tmp_path / "g.jsonl", rows)]) == 0
    result = _last_json(capsys)
    assert result["bcubed_f1"] == 1.0 and result["pairwise_recall"] == 1.0


def test_it_reports_alerts_online(tmp_path, capsys):
    lines = ["timestamp,value"] + [f"2025-07-01T{h:02d}:00:00,3" for h in range(24)]
    lines += [f"2025-07-02T{h:02d}:00:00,{3 if h < 20 else 30}" for h in range(24)]
    path = tmp_path / "s.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["--task", "alert", "--series", str(path)]) == 0
    alerts = _last_json(capsys)["alerts"]
    assert alerts and alerts[0] == "2025-07-02T20:00:00"


def test_it_names_a_bad_row_in_a_series(tmp_path, capsys):
    path = tmp_path / "s.csv"
    path.write_text("timestamp,value\n2025-07-01,3\n2025-07-02,ba\n", encoding="utf-8")
    assert main(["--task", "alert", "--series", str(path)]) == 2
    assert "dòng 3" in capsys.readouterr().err


def test_it_asks_for_missing_arguments(capsys):
    assert main(["--task", "classify"]) == 2
    assert "--train" in capsys.readouterr().err
    assert main(["--task", "nope"]) == 2
