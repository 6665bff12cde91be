"""django-import-export resources for the rosters: units, focal points, collaborators.

Every column has a Vietnamese header; every bad value raises a ValueError whose message is the
Vietnamese explanation shown to the user with its row and column. Lookups of communes, fields and
units are loaded once per import (batch lookups), existing rows are found through dictionaries
keyed by the natural key, and rows are written with bulk operations, so 10,000 rows take seconds.

A resource in check mode (``check_only=True``) runs every step of the import but writes nothing:
that is the dry run whose progress the user watches.
"""

import tablib
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils import timezone
from import_export import resources
from import_export.fields import Field as Column

from cms.lib.text import as_text
from opinions.models import Area, Collaborator, Field, FocalPoint, Unit
from opinions.network.columns import (
    CODE_SEPARATOR,
    BooleanWidget,
    ChoiceWidget,
    CodesField,
    CodesWidget,
    DateWidget,
    IdNumberWidget,
    LookupWidget,
    PhoneWidget,
    TextWidget,
    YearWidget,
)


class RosterResource(resources.ModelResource):
    """Common machinery: batch lookups, natural keys, duplicate rows, bulk writes, check mode."""

    natural_keys = ()  # model attributes that identify a row
    relations = ()  # CodesField relation names (many-to-many)
    progress = None  # callable(processed_rows) for the progress indicator

    def __init__(self, check_only=False, **kwargs):
        super().__init__(**kwargs)
        self.check_only = check_only
        self.touched = []

    def lookups(self):
        """{lookup_name: {code: object}} loaded once per import. Only the columns the import needs:
        an area's boundary (GeoJSON) is large and would be decoded for nothing."""
        areas = Area.objects.communes().only("id", "code", "name", "kind")
        return {
            "area": {a.code: a for a in areas},
            "field": {f.code: f for f in Field.objects.only("id", "code", "name")},
            "unit": {u.code: u for u in Unit.objects.only("id", "code", "name", "short_name")},
        }

    def existing_queryset(self):
        return self._meta.model.objects.order_by()

    def relation_model(self, relation):
        return self._meta.model._meta.get_field(relation).related_model

    def stored_codes(self, relation, ids=None):
        """{object id: "code1; code2"} of a many-to-many relation, in one query (no model rows)."""
        model = self._meta.model
        through = model._meta.get_field(relation).remote_field.through
        source = f"{model._meta.model_name}_id"
        target = self.relation_model(relation)._meta.model_name
        links = through.objects.all()
        if ids is not None:
            links = links.filter(**{f"{source}__in": ids})
        codes = {}
        for owner, code in links.values_list(source, f"{target}__code").iterator(chunk_size=5000):
            codes.setdefault(owner, []).append(code)
        return {owner: f"{CODE_SEPARATOR} ".join(sorted(values)) for owner, values in codes.items()}

    def attach_lookups(self, objects, tables):
        """Give loaded objects their foreign keys from the lookup tables (no join, no query per row)."""
        model_meta = self._meta.model._meta
        links = []
        for field in self.fields.values():
            if isinstance(field.widget, LookupWidget):
                fk = model_meta.get_field(field.attribute)
                links.append((fk, {o.pk: o for o in tables[field.widget.lookup_name].values()}))
        relations = {r: self.stored_codes(r) for r in self.relations}
        for obj in objects:
            for fk, by_id in links:
                target = by_id.get(getattr(obj, fk.attname))
                if target is not None:
                    fk.set_cached_value(obj, target)
            if relations:
                obj._stored_codes = {r: relations[r].get(obj.pk, "") for r in relations}
            yield obj

    def export(self, queryset=None, **kwargs):
        """The export as a tablib Dataset, like ModelResource.export but without a query per row or
        per page: foreign keys come from the lookup tables, each relation's codes from one query."""
        if queryset is None:
            queryset = self.get_queryset()
        queryset = self.filter_export(queryset.prefetch_related(None), **kwargs)
        fields = self.get_export_fields(kwargs.get("export_fields"))
        dataset = tablib.Dataset(headers=[str(f.column_name) for f in fields])
        for obj in self.attach_lookups(queryset.iterator(chunk_size=2000), self.lookups()):
            dataset.append([self.export_field(f, obj) for f in fields])
        return dataset

    def before_import(self, dataset, **kwargs):
        tables = self.lookups()
        for field in self.fields.values():
            if isinstance(field.widget, (LookupWidget, CodesWidget)):
                field.widget.lookups = tables[field.widget.lookup_name]
        self.existing = {key: {} for key in self.natural_keys}
        for obj in self.attach_lookups(self.existing_queryset().iterator(chunk_size=5000), tables):
            for key in self.natural_keys:
                value = self.key_value(obj, key)
                if value:
                    self.existing[key][value] = obj
        self.seen = {key: {} for key in self.natural_keys}
        self.row_keys = {}

    def key_value(self, obj, key):
        return getattr(obj, key)

    def row_key(self, row, key):
        """The natural key of a row, cleaned by the column's widget (None if absent or bad)."""
        field = self.fields[key]
        try:
            return field.clean(row)
        except ValueError:
            return None

    def get_instance(self, instance_loader, row):
        for key in self.natural_keys:
            value = self.row_key(row, key)
            if value and value in self.existing[key]:
                return self.existing[key][value]
        return None

    def import_instance(self, instance, row, **kwargs):
        # The stored values, to tell a changed row from an unchanged one without deep copies.
        self._before = {n: f.get_value(instance) for n, f in self.fields.items()} if instance.pk else None
        errors = {}
        primary = self.natural_keys[0]
        stored = getattr(instance, primary, None) if instance.pk else None
        try:
            super().import_instance(instance, row, **kwargs)
        except Exception as e:  # ValidationError: keep its per-column messages
            if not hasattr(e, "error_dict"):
                raise
            errors.update(e.error_dict)
        number = kwargs.get("row_number", 0) + 1
        for key in self.natural_keys:
            value = self.row_key(row, key)
            if not value:
                continue
            first = self.seen[key].get(value)
            if first is not None:
                errors.setdefault(key, []).append(f"Dòng trùng lặp: giá trị «{value}» đã có ở dòng {first} của tệp.")
            else:
                self.seen[key][value] = number
            owner = self.existing[key].get(value)
            if owner is not None and instance.pk is not None and owner.pk != instance.pk:
                errors.setdefault(key, []).append(f"«{value}» đã thuộc về bản ghi khác: {owner}.")
        if stored and getattr(instance, primary, None) and getattr(instance, primary) != stored:
            # Found through another key (the phone), but the file gives a different ID number.
            errors.setdefault(primary, []).append(
                f"«{getattr(instance, primary)}» khác với giá trị đã lưu «{stored}» của {instance}: "
                "hai người khác nhau hoặc nhầm số; hãy kiểm tra lại."
            )
        self.check_row(instance, row, errors)
        if errors:
            raise ValidationError(errors)

    def check_row(self, instance, row, errors):
        """Row rules beyond one column (override)."""

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or self._before is None:
            return False
        columns = set(row)
        return all(
            field.get_value(instance) == self._before[name]
            for name, field in self.fields.items()
            if field.column_name in columns
        )

    def after_import_row(self, row, row_result, **kwargs):
        number = kwargs.get("row_number", 0)
        if self.progress and number % 500 == 0:
            self.progress(number)

    def save_instance(self, instance, is_create, row, **kwargs):
        if self.check_only:
            return
        self.touched.append(instance)
        if not is_create:
            # bulk_update() does not apply auto_now: a changed row gets its new time here.
            instance.updated_at = timezone.now()
        super().save_instance(instance, is_create, row, **kwargs)

    def get_bulk_update_fields(self):
        model_fields = {f.name for f in self._meta.model._meta.concrete_fields}
        names = [f.attribute for f in self.fields.values() if f.attribute]
        return [n for n in names if n in model_fields and n != "id"] + ["updated_at"]

    def after_import(self, dataset, result, **kwargs):
        if self.check_only or not self.relations:
            return
        for relation in self.relations:
            self.write_relation(relation)

    def write_relation(self, relation):
        """Replace the many-to-many rows of the touched instances, in bulk."""
        model = self._meta.model
        through = model._meta.get_field(relation).remote_field.through
        source = f"{model._meta.model_name}_id"
        target = f"{self.relation_model(relation)._meta.model_name}_id"
        table = self.fields[relation].widget.lookups
        # Only the objects whose codes differ from the stored ones (new objects have none stored).
        changed = [
            o
            for o in self.touched
            if relation in getattr(o, "_pending_codes", {})
            and o._pending_codes[relation] != getattr(o, "_stored_codes", {}).get(relation, "")
        ]
        if not changed:
            return
        # Objects created by this import have no rows to remove.
        ids = [o.pk for o in changed if hasattr(o, "_stored_codes")]
        for start in range(0, len(ids), 900):
            through.objects.filter(**{f"{source}__in": ids[start : start + 900]}).delete()
        links = []
        for obj in changed:
            for code in filter(None, (c.strip() for c in obj._pending_codes[relation].split(CODE_SEPARATOR))):
                links.append((obj.pk, table[code].pk))
        if not links:
            return
        # Plain rows in one executemany (no model instance per link).
        connection = connections[router.db_for_write(through)]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(through._meta.get_field(name).column) for name in (source, target))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {quote(through._meta.db_table)} ({columns}) VALUES (%s, %s)", links)


class UnitResource(RosterResource):
    code = Column("code", "Mã đơn vị", widget=TextWidget(required=True, max_length=60))
    name = Column("name", "Tên đơn vị", widget=TextWidget(required=True, max_length=255))
    short_name = Column("short_name", "Tên viết tắt", widget=TextWidget(max_length=100))
    kind = Column("kind", "Loại đơn vị", widget=ChoiceWidget(Unit.Kind.choices, required=True))
    parent_code = Column("parent_code", "Mã đơn vị cấp trên", widget=TextWidget())
    fields = CodesField(
        "fields",
        column_name="Lĩnh vực phụ trách (mã)",
        widget=CodesWidget("field", "Không có mã lĩnh vực {code} trong danh mục Lĩnh vực."),
    )
    areas = CodesField(
        "areas",
        column_name="Địa bàn phụ trách (mã xã, phường)",
        widget=CodesWidget("area", "Không có mã xã, phường, đặc khu {code} trong danh mục Địa bàn."),
    )
    public_phone = Column("public_phone", "Điện thoại công khai", widget=TextWidget(max_length=30))
    public_email = Column("public_email", "Thư điện tử công khai", widget=TextWidget(max_length=254))
    is_active = Column("is_active", "Đang hoạt động", widget=BooleanWidget())

    natural_keys = ("code",)
    relations = ("fields", "areas")

    class Meta:
        model = Unit
        fields = (
            "code",
            "name",
            "short_name",
            "kind",
            "parent_code",
            "fields",
            "areas",
            "public_phone",
            "public_email",
            "is_active",
        )
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = True
        use_bulk = True
        batch_size = 1000
        skip_html_diff = True
        skip_diff = True

    def existing_queryset(self):
        return super().existing_queryset().select_related("parent")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # A parent may be a unit further down in the same file.
        header = self.fields["code"].column_name
        self.file_codes = {as_text(c) for c in dataset[header]} if header in (dataset.headers or []) else set()

    def get_queryset(self):
        return Unit.objects.all()

    def check_row(self, instance, row, errors):
        parent = as_text(row.get(self.fields["parent_code"].column_name))
        if parent and parent not in self.existing["code"] and parent not in self.file_codes:
            errors.setdefault("parent_code", []).append(f"Không có đơn vị mã «{parent}» trong hệ thống hay trong tệp.")
        if parent and parent == as_text(row.get(self.fields["code"].column_name)):
            errors.setdefault("parent_code", []).append("Đơn vị không thể là cấp trên của chính nó.")

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self.check_only:
            return
        # Parents last: every unit of the file now has a primary key.
        by_code = dict(self.existing["code"])
        by_code.update({u.code: u for u in self.touched})
        changed = []
        for unit in self.touched:
            code = getattr(unit, "_parent_code", None)
            parent = by_code.get(code) if code else None
            if unit.parent_id != (parent.pk if parent else None):
                unit.parent = parent
                changed.append(unit)
        Unit.objects.bulk_update(changed, ["parent"], batch_size=1000)


def _unit_parent_code(self):
    if hasattr(self, "_parent_code"):
        return self._parent_code
    return self.parent.code if self.parent_id else ""


def _set_unit_parent_code(self, value):
    self._parent_code = value


# The parent travels by its code in files; set it after all units of the file are saved.
Unit.parent_code = property(_unit_parent_code, _set_unit_parent_code)


class FocalPointResource(RosterResource):
    unit = Column(
        "unit",
        "Mã đơn vị",
        widget=LookupWidget("unit", "Không có đơn vị mã «{code}» trong danh mục Cơ quan, đơn vị.", required=True),
    )
    full_name = Column("full_name", "Họ và tên", widget=TextWidget(required=True, max_length=200))
    position = Column("position", "Chức vụ", widget=TextWidget(max_length=200))
    phone = Column("phone", "Điện thoại", widget=PhoneWidget())
    email = Column("email", "Thư điện tử", widget=TextWidget(max_length=254))
    is_primary = Column("is_primary", "Đầu mối chính", widget=BooleanWidget())
    appointed_on = Column("appointed_on", "Ngày phân công", widget=DateWidget())
    ended_on = Column("ended_on", "Ngày thôi làm đầu mối", widget=DateWidget())

    natural_keys = ("unit_name",)

    class Meta:
        model = FocalPoint
        fields = ("unit", "full_name", "position", "phone", "email", "is_primary", "appointed_on", "ended_on")
        import_id_fields = ("unit", "full_name")
        skip_unchanged = True
        report_skipped = True
        use_bulk = True
        batch_size = 1000
        skip_html_diff = True
        skip_diff = True

    def key_value(self, obj, key):
        return (obj.unit.code, obj.full_name)

    def row_key(self, row, key):
        unit = as_text(row.get(self.fields["unit"].column_name))
        name = as_text(row.get(self.fields["full_name"].column_name))
        return (unit, name) if unit and name else None

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        except Exception as e:
            if not hasattr(e, "error_dict"):
                raise
            # The pair (unit, name) is shown under the name column.
            if "unit_name" in e.error_dict:
                e.error_dict.setdefault("full_name", []).extend(e.error_dict.pop("unit_name"))
            raise

    def get_bulk_update_fields(self):
        return ["position", "phone", "email", "is_primary", "appointed_on", "ended_on", "updated_at"]


class CollaboratorResource(RosterResource):
    full_name = Column("full_name", "Họ và tên", widget=TextWidget(required=True, max_length=200))
    birth_year = Column("birth_year", "Năm sinh", widget=YearWidget())
    id_number = Column("id_number", "Số CCCD", widget=IdNumberWidget())
    phone = Column("phone", "Điện thoại", widget=PhoneWidget())
    email = Column("email", "Thư điện tử", widget=TextWidget(max_length=254))
    position = Column("position", "Chức vụ, nghề nghiệp", widget=TextWidget(max_length=200))
    unit = Column(
        "unit",
        "Mã đơn vị",
        widget=LookupWidget("unit", "Không có đơn vị mã «{code}» trong danh mục Cơ quan, đơn vị."),
    )
    area = Column(
        "area",
        "Mã xã, phường, đặc khu",
        widget=LookupWidget("area", "Không có mã xã, phường, đặc khu «{code}» trong danh mục Địa bàn.", required=True),
    )
    fields = CodesField(
        "fields",
        column_name="Lĩnh vực theo dõi (mã)",
        widget=CodesWidget("field", "Không có mã lĩnh vực {code} trong danh mục Lĩnh vực."),
    )
    decision_number = Column("decision_number", "Số quyết định công nhận", widget=TextWidget(max_length=60))
    decision_date = Column("decision_date", "Ngày quyết định", widget=DateWidget())
    status = Column(
        "status",
        "Trạng thái",
        widget=ChoiceWidget(Collaborator.Status.choices, default=Collaborator.Status.ACTIVE),
    )
    started_on = Column("started_on", "Ngày bắt đầu", widget=DateWidget())
    suspended_on = Column("suspended_on", "Ngày tạm dừng", widget=DateWidget())
    ended_on = Column("ended_on", "Ngày thôi", widget=DateWidget())

    natural_keys = ("id_number", "phone")
    relations = ("fields",)

    class Meta:
        model = Collaborator
        fields = (
            "full_name",
            "birth_year",
            "id_number",
            "phone",
            "email",
            "position",
            "unit",
            "area",
            "fields",
            "decision_number",
            "decision_date",
            "status",
            "started_on",
            "suspended_on",
            "ended_on",
        )
        import_id_fields = ("id_number",)
        skip_unchanged = True
        report_skipped = True
        use_bulk = True
        batch_size = 1000
        skip_html_diff = True
        skip_diff = True

    def get_instance(self, instance_loader, row):
        return super().get_instance(instance_loader, row)

    def _check_import_id_fields(self, headers):
        """The natural key is the ID number or else the phone: one of the two columns is enough."""

    def check_row(self, instance, row, errors):
        if not instance.id_number and not instance.phone and "id_number" not in errors and "phone" not in errors:
            errors.setdefault("id_number", []).append(
                "Thiếu giá trị bắt buộc: cần số CCCD hoặc số điện thoại để nhận diện cộng tác viên."
            )
        if instance.status == Collaborator.Status.ENDED and not instance.ended_on and "ended_on" not in errors:
            errors.setdefault("ended_on", []).append("Cộng tác viên đã thôi cần có ngày thôi.")
        if (
            instance.status == Collaborator.Status.SUSPENDED
            and not instance.suspended_on
            and "suspended_on" not in errors
        ):
            errors.setdefault("suspended_on", []).append("Cộng tác viên tạm dừng cần có ngày tạm dừng.")


RESOURCES = {
    "units": UnitResource,
    "focal_points": FocalPointResource,
    "collaborators": CollaboratorResource,
}
PERSONAL_DATA_KINDS = {"focal_points", "collaborators"}
