"""Fixtures of the search tests: a small set of records written for these tests, and the backends."""

import os
import uuid

import pytest

from home.models import HomePage
from news.models import ArticlePage, NewsIndexPage
from opinions.models import Case, Field, Response, Signal, Unit
from search import service
from search.backends.database import DatabaseBackend
from search.models import SearchDocument


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def records(db):
    """Two units' cases, signals with personal data, a public answered case and an article."""
    xuan_huong, mui_ne = Unit.objects.get(code="ubnd-24781"), Unit.objects.get(code="ubnd-22918")
    land = Field.objects.get(code="giao-thong-ha-tang")
    mine = Case.objects.create(
        title="Chậm giải phóng mặt bằng đường Hoà Bình",
        summary="Người dân đề nghị sớm bố trí TĐC.",
        field=land,
        area=xuan_huong.areas.first(),
        assigned_unit=xuan_huong,
        status=Case.Status.IN_PROGRESS,
    )
    land_signal = Signal.objects.create(
        channel="hotline",
        kind="complaint",
        title="Tranh chấp đất đai tổ dân phố 5",
        text="Hộ dân phản ánh GPMB kéo dài, công trình thuỷ lợi bị bỏ dở.",
        field=land,
        area=xuan_huong.areas.first(),
        case=mine,
        status=Signal.Status.ATTACHED,
        reporter_name="Trịnh Khắc Xuyến",
        reporter_phone="0912345678",
        consent_personal_data=True,
    )
    theirs = Case.objects.create(
        title="Thủ tục cấp phép xây dựng kéo dài",
        summary="Đề nghị đẩy mạnh CCHC tại bộ phận một cửa.",
        field=land,
        area=mui_ne.areas.first(),
        assigned_unit=mui_ne,
        status=Case.Status.ANSWERED,
        is_public=True,
    )
    Response.objects.create(
        case=theirs, text="Ủy ban nhân dân phường đã rút ngắn thời gian cấp phép.", status=Response.Status.APPROVED
    )
    other_signal = Signal.objects.create(
        channel="web",
        kind="report",
        title="Xã đạt chuẩn nông thôn mới",
        text="Ý kiến về tiêu chí đạt chuẩn.",
        case=theirs,
        status=Signal.Status.ATTACHED,
        allow_public=True,  # the citizen agreed: the answered case may be public (issue 18)
    )
    home = HomePage.objects.get()
    index = home.add_child(instance=NewsIndexPage(title="Tin tức", slug="tin-tuc-tk"))
    article = publish(
        index.add_child(
            instance=ArticlePage(
                title="Tiến độ bồi thường, hỗ trợ tái định cư",
                slug="tien-do-tdc",
                summary="Thông tin chính thống về TĐC.",
                body=[("paragraph", "<p>Tỉnh đẩy nhanh giải phóng mặt bằng các dự án thủy lợi.</p>")],
            )
        )
    )
    return {
        "mine": mine,
        "theirs": theirs,
        "land_signal": land_signal,
        "other_signal": other_signal,
        "article": article,
    }


def elasticsearch_backend(settings):
    from search.backends.elastic import ElasticsearchBackend

    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.SEARCH_INDEX_ALIAS = f"langnghe-test-{uuid.uuid4().hex[:8]}"
    backend = ElasticsearchBackend()
    backend.ensure_index()
    return backend


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def backend(request, settings):
    """Each backend in turn: the database always; a real Elasticsearch when ELASTICSEARCH_URL is set."""
    if request.param == "database":
        settings.ELASTICSEARCH_URL = ""
        yield DatabaseBackend()
        return
    if not os.environ.get("ELASTICSEARCH_URL"):
        pytest.skip("Không có máy chủ Elasticsearch: đặt ELASTICSEARCH_URL để chạy (docs/search.md).")
    backend = elasticsearch_backend(settings)
    yield backend
    backend.delete_indices(backend.current_indices())


@pytest.fixture
def find(backend):
    """search() through the backend under test (Elasticsearch is refreshed first)."""

    def run(query, **kwargs):
        if backend.name == "elasticsearch":
            # Records made before the backend was set up reach the index here.
            backend.bulk(docs=list(SearchDocument.objects.all()))
            backend.refresh()
        return service.search(query, backend=backend, **kwargs)

    return run


def titles(results):
    return [hit.doc.title for hit in results.hits]
