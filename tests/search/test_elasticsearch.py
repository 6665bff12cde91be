"""The Elasticsearch backend up to the HTTP requests it sends, its fallback and its queue.

No Elasticsearch server can run here: RecordingNode replaces the client's HTTP node (a mock of a
third-party service) and answers like Elasticsearch 8 would, or refuses the connection. The same
behaviour suite runs against a real server when ELASTICSEARCH_URL is set (test_behaviour.py).
"""

import json

import pytest
from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport._node import NodeApiResponse

from opinions.models import Signal
from search import service
from search.backends import elastic
from search.models import PendingUpdate

pytestmark = pytest.mark.django_db


class RecordingNode(BaseNode):
    _CLIENT_META_HTTP_CLIENT = ("mock", "0")
    requests, down, hits = [], False, []

    def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
        text = (body or b"").decode()
        lines = [json.loads(line) for line in text.splitlines() if line.strip()]
        RecordingNode.requests.append((method, target, lines[0] if len(lines) == 1 else lines))
        if RecordingNode.down:
            raise TransportConnectionError("Connection refused")
        if "/_alias/" in target:
            data = {"langnghe-search-old": {"aliases": {"langnghe-search": {}}}}
        elif "/_bulk" in target:
            data = {"took": 1, "errors": False, "items": [{next(iter(a)): {"status": 200}} for a in lines[::2]]}
        elif "/_search" in target:
            data = {
                "took": 1,
                "timed_out": False,
                "hits": {
                    "total": {"value": len(self.hits), "relation": "eq"},
                    "hits": [
                        {"_id": f"{k}-{o}", "_score": 1.0, "_source": {"kind": k, "object_id": o}} for k, o in self.hits
                    ],
                },
                "aggregations": {
                    name: {"buckets": []} for name in ("field", "area", "kind", "status", "channel", "unit")
                },
            }
        else:
            data = {"acknowledged": True}
        meta = ApiResponseMeta(
            200,
            "1.1",
            HttpHeaders({"content-type": "application/json", "x-elastic-product": "Elasticsearch"}),
            0.0,
            self.config,
        )
        return NodeApiResponse(meta, json.dumps(data).encode())


@pytest.fixture(autouse=True)
def mocked_elasticsearch(settings, monkeypatch):
    settings.ELASTICSEARCH_URL = "http://elasticsearch.invalid:9200"
    monkeypatch.setitem(elastic.CLIENT_OPTIONS, "node_class", RecordingNode)
    RecordingNode.requests, RecordingNode.down, RecordingNode.hits = [], False, []
    service._ALIASES_READY.clear()
    return RecordingNode


def sent(method, fragment):
    return [body for m, target, body in RecordingNode.requests if m == method and fragment in target]


def test_it_creates_the_index_with_the_vietnamese_analysers():
    elastic.ElasticsearchBackend().create_index("langnghe-search-new")
    body = sent("PUT", "/langnghe-search-new")[0]
    analysis = body["settings"]["analysis"]
    assert analysis["analyzer"]["vi_folded"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase", "asciifolding"],
    }
    assert "gpmb, giải phóng mặt bằng" in analysis["filter"]["vi_abbreviations"]["synonyms"]
    assert "tdc, tai dinh cu" in analysis["filter"]["vi_abbreviations_folded"]["synonyms"]
    title = body["mappings"]["properties"]["title"]
    assert title["analyzer"] == "vi_exact" and title["fields"]["folded"]["analyzer"] == "vi_folded"
    assert title["fields"]["folded"]["search_analyzer"] == "vi_folded_search"


def test_it_queries_exact_and_folded_fields_with_the_users_scope(records, handler_user):
    RecordingNode.hits = [("signal", records["land_signal"].pk)]
    results = service.search("Đất đai GPMB", user=handler_user, facets=True, filters={"channel": "hotline"})
    assert results.backend == "elasticsearch" and results.hits[0].doc.object_id == records["land_signal"].pk
    body = sent("POST", "/langnghe-search/_search")[-1]
    exact, folded = body["query"]["bool"]["should"]
    assert exact["multi_match"] == {
        "query": "đất đai giải phóng mặt bằng",
        "type": "cross_fields",
        "operator": "and",
        "fields": ["title^3", "text"],
        "boost": 2,
    }
    assert folded["multi_match"]["fields"] == ["title.folded^3", "text.folded"]
    filters = body["query"]["bool"]["filter"][0]["bool"]["filter"]
    assert {"terms": {"kind": ["signal", "case"]}} in filters
    assert {"term": {"unit_id": str(records["mine"].assigned_unit_id)}} in filters
    assert {"term": {"channel": "hotline"}} in filters
    assert set(body["aggs"]) == {"field", "area", "kind", "status", "channel", "unit"}


def test_it_falls_back_to_the_database_and_says_so(records, office_user, client):
    RecordingNode.down = True
    results = service.search("dat dai", user=office_user)
    assert results.backend == "database" and results.notice == service.FALLBACK_NOTICE
    assert "Tranh chấp đất đai tổ dân phố 5" in [hit.doc.title for hit in results.hits]
    client.force_login(office_user)
    page = client.get("/admin/tim-kiem-ho-so/", {"q": "dat dai"}).content.decode()
    assert "Elasticsearch hiện không phản hồi" in page


def test_it_keeps_updates_while_down_and_sends_them_when_back(db):
    RecordingNode.down = True
    signal = Signal.objects.create(channel="web", kind="report", text="Sạt lở đất ở đèo Prenn")
    assert Signal.objects.filter(pk=signal.pk).exists()
    assert PendingUpdate.objects.filter(kind="signal", object_id=signal.pk).exists()
    assert service.apply_pending() == 0  # still down: nothing lost, nothing sent
    RecordingNode.down, RecordingNode.requests = False, []
    assert service.apply_pending() == 1
    bulk = sent("PUT", "/_bulk") + sent("POST", "/_bulk")
    assert bulk and bulk[0][0] == {"index": {"_index": "langnghe-search", "_id": f"signal-{signal.pk}"}}
    assert bulk[0][1]["text"] == "sạt lở đất ở đèo prenn" and not PendingUpdate.objects.exists()


def test_it_reindexes_into_a_new_index_and_moves_the_alias(records):
    RecordingNode.requests = []
    counts = service.reindex()
    new = counts["index"]
    assert new.startswith("langnghe-search-") and sent("PUT", f"/{new}")
    bulk = (sent("PUT", "/_bulk") + sent("POST", "/_bulk"))[0]
    assert {action["index"]["_index"] for action in bulk[::2]} == {new}
    actions = sent("POST", "/_aliases")[0]["actions"]
    assert actions == [
        {"remove": {"index": "langnghe-search-old", "alias": "langnghe-search"}},
        {"add": {"index": new, "alias": "langnghe-search"}},
    ]
    assert sent("DELETE", "/langnghe-search-old")
