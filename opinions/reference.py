"""Reference data of Lâm Đồng and of opinion work, loaded idempotently.

The CSV and GeoJSON files under opinions/data/lamdong/ were copied from the project's shared
reference data (see opinions/data/lamdong/README.md for sources and licences).
"""

import csv
import json
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Model
from wagtail.models import GroupPagePermission, Page

from cms.lib.text import as_text, slugify_vi
from news.setup import setup_official_information

from . import access
from .cycle.services import seed_deadline_policies
from .models import Area, Field, FormerArea, Unit

DATA_DIR = Path(__file__).resolve().parent / "data" / "lamdong"
PROVINCE_CODE = "68"
AREA_KINDS = {"xã": Area.Kind.COMMUNE, "phường": Area.Kind.WARD, "đặc khu": Area.Kind.SPECIAL_ZONE}

# The fields of opinion work, in their order: code ("label"), name, sensitive, description and
# keywords. Both feed the zero-shot field suggestion (analysis/zeroshot.py); they were rewritten in
# citizens' words on a tuning set of short complaints and measured on a separate test set
# (`python bench/complaints.py`, docs/analysis.md).
FIELDS_FILE = Path(__file__).resolve().parent / "data" / "fields.json"


def field_rows() -> list[dict]:
    return json.loads(FIELDS_FILE.read_text(encoding="utf-8"))


ROLE_PERMISSIONS = {
    access.OFFICE_GROUP: {
        "opinions": ["add", "change", "delete", "view"],
        "extra": [
            ("wagtailadmin", "access_admin"),
            ("wagtailimages", "add_image"),
            ("wagtailimages", "change_image"),
            ("wagtailimages", "choose_image"),
            ("wagtaildocs", "add_document"),
            ("wagtaildocs", "change_document"),
            ("wagtaildocs", "choose_document"),
            # reports (by label, not imported): the letterhead setting and the plan's briefings
            ("reports", "change_letterhead"),
            ("reports", "add_planbriefing"),
            ("reports", "change_planbriefing"),
            ("reports", "delete_planbriefing"),
            ("reports", "view_planbriefing"),
        ],
        "pages": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"],
    },
    access.HANDLER_GROUP: {
        "models": {
            "case": ["view", "change"],
            "signal": ["view"],
            "response": ["add", "change", "view"],
            "unit": ["view"],
            "focalpoint": ["view"],
            "collaborator": ["view"],
            "unitreport": ["view", "add"],
        },
        "extra": [("wagtailadmin", "access_admin")],
        "pages": [],
    },
    access.EDITOR_GROUP: {
        "models": {},
        "extra": [
            ("wagtailadmin", "access_admin"),
            ("wagtailimages", "add_image"),
            ("wagtailimages", "change_image"),
            ("wagtailimages", "choose_image"),
            ("wagtaildocs", "add_document"),
            ("wagtaildocs", "change_document"),
            ("wagtaildocs", "choose_document"),
        ],
        "pages": ["add_page", "change_page"],
    },
    access.LEADER_GROUP: {
        "opinions": ["view"],
        "extra": [("wagtailadmin", "access_admin")],
        "pages": [],
    },
}


def read_csv(name):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        return [{k: as_text(v) for k, v in row.items()} for row in csv.DictReader(f)]


def _attr_value(obj, name, value):
    """Compare foreign keys by id, so checking a row never loads its related rows."""
    if isinstance(value, Model) or (value is None and _is_fk(obj, name)):
        return getattr(obj, f"{name}_id"), (value.pk if value is not None else None)
    return getattr(obj, name), value


def _is_fk(obj, name):
    field = obj._meta.get_field(name)
    return field.is_relation and field.many_to_one


_rows = {}


def _key(lookup):
    return tuple(sorted((k, v.pk if isinstance(v, Model) else v) for k, v in lookup.items()))


def upsert(model, lookup, values, counts):
    """Create or update one row; count only real changes, so a second run reports zero.

    All rows of a model are read once per run (not one query per row): a second `make run`
    must start in seconds.
    """
    if model not in _rows:
        names = list(lookup)
        _rows[model] = {
            _key({n: getattr(o, f"{n}_id") if _is_fk(o, n) else getattr(o, n) for n in names}): o
            # Boundaries are large: compared only where missing (refresh with --boundaries).
            for o in (model.objects.defer("boundary") if model is Area else model.objects.all())
        }
    obj = _rows[model].get(_key(lookup))
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        _rows[model][_key(lookup)] = obj
        counts["created"] += 1
        return obj
    changed = [k for k, v in values.items() if _attr_value(obj, k, v)[0] != _attr_value(obj, k, v)[1]]
    if changed:
        for k in changed:
            setattr(obj, k, values[k])
        obj.save(update_fields=changed + ["updated_at"])
        counts["updated"] += 1
    return obj


def unit_code_for(name):
    return slugify_vi(name)


@transaction.atomic
def load_reference_data(refresh_boundaries=False):
    """Load areas, former units, fields, units and roles. Returns counts of created/updated rows."""
    counts = {"created": 0, "updated": 0}
    _rows.clear()
    areas = load_areas(refresh_boundaries, counts)
    load_former_areas(areas, counts)
    load_fields(counts)
    load_units(areas, counts)
    setup_roles(counts)
    counts["updated"] += int(setup_official_information())  # news/setup.py: editors submit, the office publishes
    seed_deadline_policies(counts)
    return counts


def load_areas(refresh_boundaries, counts):
    """The province and its communes (with area and boundary); returns {commune code: Area}.

    A boundary is written when the commune has none yet, or on refresh_boundaries."""
    province = upsert(
        Area,
        {"code": PROVINCE_CODE},
        {"name": "Tỉnh Lâm Đồng", "kind": Area.Kind.PROVINCE, "parent": None, "source": "NQ 202/2025/QH15"},
        counts,
    )
    boundaries = {}
    with open(DATA_DIR / "lamdong_communes.geojson", encoding="utf-8") as f:
        for feature in json.load(f)["features"]:
            boundaries[str(feature["properties"]["code"])] = feature
    areas = {}
    with_boundary = set(Area.objects.filter(boundary__isnull=False).values_list("pk", flat=True))
    for row in read_csv("communes.csv"):
        feature = boundaries.get(row["code"])
        areas[row["code"]] = upsert(
            Area,
            {"code": row["code"]},
            {
                "name": row["name"],
                "kind": AREA_KINDS[row["type"]],
                "parent": province,
                "former_units_text": row["former_units"],
                "source": row["source"],
                "area_km2": (
                    Decimal(str(feature["properties"]["area_km2"])).quantize(Decimal("0.01"))
                    if feature and feature["properties"].get("area_km2") is not None
                    else None
                ),
            },
            counts,
        )
        if feature and (refresh_boundaries or areas[row["code"]].pk not in with_boundary):
            if areas[row["code"]].boundary != feature["geometry"]:
                Area.objects.filter(pk=areas[row["code"]].pk).update(boundary=feature["geometry"])
                counts["updated"] += 1
    return areas


def load_former_areas(areas, counts):
    """The former communes (before the 2025 mergers), each pointing to the commune it merged into."""
    for row in read_csv("former_units.csv"):
        upsert(
            FormerArea,
            {"code": row["old_code"], "new_area": areas[row["new_code"]]},
            {
                "name": row["old_name"],
                "name_in_resolution": row["old_name_in_resolution"],
                "district": row["old_district"],
                "province": row["old_province"],
                "merge_type": row["merge_type"],
                "resolution_clause": row["resolution_clause"],
            },
            counts,
        )


def load_fields(counts):
    """The fields of opinion work (data/fields.json), in their order, with keywords and descriptions."""
    for order, row in enumerate(field_rows()):
        upsert(
            Field,
            {"code": row["label"]},
            {
                "name": row["name"],
                "is_sensitive": row["sensitive"],
                "keywords": "\n".join(row["keywords"]),
                "sort_order": order,
                "description": row["description"],
            },
            counts,
        )


def load_units(areas, counts):
    party = upsert(
        Unit,
        {"code": "dang-uy-ubnd-tinh"},
        {
            "name": "Đảng ủy UBND tỉnh Lâm Đồng",
            "short_name": "Đảng ủy UBND tỉnh",
            "kind": Unit.Kind.PARTY_COMMITTEE,
            "parent": None,
        },
        counts,
    )
    upsert(
        Unit,
        {"code": "ban-tuyen-giao-dan-van"},
        {
            "name": "Ban Tuyên giáo và Dân vận",
            "short_name": "BTG&DV",
            "kind": Unit.Kind.OPINION_OFFICE,
            "parent": party,
        },
        counts,
    )
    committee = upsert(
        Unit,
        {"code": "ubnd-tinh"},
        {
            "name": "Ủy ban nhân dân tỉnh Lâm Đồng",
            "short_name": "UBND tỉnh",
            "kind": Unit.Kind.PROVINCIAL_COMMITTEE,
            "parent": None,
        },
        counts,
    )
    for row in read_csv("agencies.csv"):
        upsert(
            Unit,
            {"code": unit_code_for(row["short_name"])},
            {
                "name": row["name"],
                "short_name": row["short_name"],
                "kind": Unit.Kind.AGENCY,
                "parent": committee,
                "responsibilities": row["fields_of_responsibility"],
            },
            counts,
        )
    linked = set(Unit.areas.through.objects.values_list("unit_id", "area_id"))
    for code, area in areas.items():
        unit = upsert(
            Unit,
            {"code": f"ubnd-{code}"},
            {"name": f"UBND {area.name}", "short_name": "", "kind": Unit.Kind.COMMUNE_COMMITTEE, "parent": committee},
            counts,
        )
        if (unit.pk, area.pk) not in linked:
            unit.areas.add(area)
            counts["updated"] += 1


def setup_roles(counts):
    root = Page.get_first_root_node()
    for group_name, spec in ROLE_PERMISSIONS.items():
        group, created = Group.objects.get_or_create(name=group_name)
        counts["created"] += int(created)
        wanted = set()
        if "opinions" in spec:
            wanted |= set(
                Permission.objects.filter(
                    content_type__app_label="opinions",
                    codename__regex=r"^({})_".format("|".join(spec["opinions"])),
                )
            )
        for model, actions in spec.get("models", {}).items():
            wanted |= set(
                Permission.objects.filter(
                    content_type__app_label="opinions", codename__in=[f"{a}_{model}" for a in actions]
                )
            )
        for app_label, codename in spec["extra"]:
            wanted |= set(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        current = set(group.permissions.all())
        if current != wanted:
            group.permissions.set(wanted)
            counts["updated"] += 1
        if root is not None:
            for codename in spec["pages"]:
                perm = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
                _, made = GroupPagePermission.objects.get_or_create(group=group, page=root, permission=perm)
                counts["created"] += int(made)
