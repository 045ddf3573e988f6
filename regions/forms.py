"""A cascading kabupaten → kecamatan → desa picker for any form.

    class ApplicantForm(forms.Form):
        village = VillagePickerField()

        def __init__(self, *args, user, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["village"].regency_queryset = regency_list_visible_to(user=user)

Three selects; choosing a kabupaten loads its kecamatan, choosing a kecamatan loads its desa
(htmx, from regions:subdistrict-options and regions:village-options). The server checks that
the three agree and the cleaned value is a Village. The options follow the submitted values,
so a form shown again after an error keeps its kecamatan and desa lists.
"""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Regency, Village
from .selectors import subdistrict_list, village_list

CHOOSE = _("— choose —")


def village_code_parts(value) -> list[str | None]:
    """[kabupaten, kecamatan, desa] codes of a Village or a dotted desa code (64.01.01.2009).
    Kemendagri codes nest, so the parents' codes are the desa code's prefixes."""
    code = value.code if isinstance(value, Village) else str(value or "").strip()
    parts = code.split(".")
    if len(parts) != 4:
        return [None, None, None]
    return [".".join(parts[:2]), ".".join(parts[:3]), code]


class VillagePickerWidget(forms.MultiWidget):
    template_name = "regions/widgets/village_picker.html"
    labels = (_("Kabupaten/kota"), _("Kecamatan"), _("Desa/kelurahan"))

    def __init__(self, attrs=None):
        super().__init__([forms.Select, forms.Select, forms.Select], attrs)
        self.regency_queryset = Regency.objects.all()

    def decompress(self, value):
        return village_code_parts(value)

    def get_context(self, name, value, attrs):
        if not isinstance(value, (list, tuple)):
            value = self.decompress(value)
        regency_code, subdistrict_code, village_code = (list(value) + [None, None, None])[:3]

        regencies = list(self.regency_queryset.only("code", "name"))
        if not regency_code and len(regencies) == 1:
            regency_code = regencies[0].code
        subdistricts = []
        if regency_code in {r.code for r in regencies}:
            subdistricts = list(subdistrict_list(regency_code=regency_code))
        villages = []
        if subdistrict_code in {s.code for s in subdistricts}:
            villages = list(village_list(subdistrict_code=subdistrict_code))
        for widget, rows in zip(self.widgets, (regencies, subdistricts, villages), strict=True):
            widget.choices = [("", CHOOSE)] + [(row.code, row.name) for row in rows]

        attrs = dict(attrs or {})
        # The selects find each other by id, so there must be one even with auto_id=False.
        attrs["id"] = attrs.get("id") or self.attrs.get("id") or f"id_{name}"
        context = super().get_context(name, [regency_code, subdistrict_code, village_code], attrs)

        regency, subdistrict, village = context["widget"]["subwidgets"]
        subdistrict_url = reverse("regions:subdistrict-options")
        village_url = reverse("regions:village-options")
        regency["attrs"].update(
            {
                "hx-get": subdistrict_url,
                "hx-trigger": "change",
                "hx-target": f"#{subdistrict['attrs']['id']}",
                "hx-vals": "js:{regency: this.value}",
                "hx-params": "regency",
            }
        )
        subdistrict["attrs"].update(
            {
                "hx-get": village_url,
                "hx-trigger": "change",
                "hx-target": f"#{village['attrs']['id']}",
                "hx-vals": "js:{subdistrict: this.value}",
                "hx-params": "subdistrict",
            }
        )
        # A new kabupaten empties the desa list (a request without a kecamatan lists none).
        village["attrs"].update(
            {
                "hx-get": village_url,
                "hx-trigger": f"change from:#{regency['attrs']['id']}",
                "hx-target": "this",
                "hx-params": "none",
            }
        )
        for subwidget, label in zip(context["widget"]["subwidgets"], self.labels, strict=True):
            subwidget["label"] = label
            # crispy-forms sees a MultiWidget, not a Select, and would style these as text inputs.
            classes = subwidget["attrs"].get("class", "").split()
            classes = [c for c in classes if c != "form-control"]
            if "form-select" not in classes:
                classes.append("form-select")
            subwidget["attrs"]["class"] = " ".join(classes)
        # Lets Bootstrap show the error text that follows the selects.
        context["widget"]["invalid"] = context["widget"]["attrs"].get("aria-invalid") == "true"
        return context


class VillagePickerField(forms.MultiValueField):
    """A desa chosen through its kabupaten and kecamatan; cleans to a Village.

    `regency_queryset` limits the kabupaten offered and accepted (default: all); a single
    kabupaten is preselected.
    """

    widget = VillagePickerWidget
    default_error_messages = {
        "no_regency": _("Choose a kabupaten/kota."),
        "no_subdistrict": _("Choose a kecamatan."),
        "no_village": _("Choose a desa/kelurahan."),
        "invalid_regency": _("Choose a kabupaten/kota from the list."),
        "invalid_village": _("Choose a desa/kelurahan from the list."),
        "subdistrict_not_in_regency": _(
            "The chosen kecamatan is not in the chosen kabupaten/kota."
        ),
        "village_not_in_subdistrict": _(
            "The chosen desa/kelurahan is not in the chosen kecamatan."
        ),
    }

    def __init__(self, *, regency_queryset=None, **kwargs):
        kwargs.setdefault("label", _("Desa/kelurahan"))
        required = kwargs.get("required", True)
        fields = [
            forms.CharField(
                required=required, error_messages={"incomplete": self.default_error_messages[key]}
            )
            for key in ("no_regency", "no_subdistrict", "no_village")
        ]
        super().__init__(fields=fields, require_all_fields=False, **kwargs)
        if regency_queryset is None:
            regency_queryset = Regency.objects.all()
        self.regency_queryset = regency_queryset

    @property
    def regency_queryset(self):
        return self._regency_queryset

    @regency_queryset.setter
    def regency_queryset(self, queryset):
        self._regency_queryset = queryset
        self.widget.regency_queryset = queryset

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.regency_queryset = self._regency_queryset.all()
        return result

    def compress(self, data_list):
        regency_code, subdistrict_code, village_code = [
            (value or "").strip() for value in (list(data_list) + ["", "", ""])[:3]
        ]
        if not (regency_code or subdistrict_code or village_code):
            return None
        for code, key in (
            (regency_code, "no_regency"),
            (subdistrict_code, "no_subdistrict"),
            (village_code, "no_village"),
        ):
            if not code:
                raise self._error(key)
        if not self.regency_queryset.filter(code=regency_code).exists():
            raise self._error("invalid_regency")
        village = (
            Village.objects.select_related("subdistrict__regency").filter(code=village_code).first()
        )
        if village is None:
            raise self._error("invalid_village")
        if village.subdistrict_id != subdistrict_code:
            raise self._error("village_not_in_subdistrict")
        if village.subdistrict.regency_id != regency_code:
            raise self._error("subdistrict_not_in_regency")
        return village

    def _error(self, code: str) -> forms.ValidationError:
        return forms.ValidationError(self.error_messages[code], code=code)
