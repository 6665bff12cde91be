"""The commune picker of the page editor: 124 communes as ticks with a filter, not a raw list."""

from django import forms


class CommunePicker(forms.CheckboxSelectMultiple):
    """Tick boxes in columns, a filter that ignores diacritics, and the count of ticked communes."""

    # In the app (not templates/): form widgets are drawn by the form renderer, which reads app folders.
    template_name = "news/widgets/commune_picker.html"

    class Media:
        js = ["js/commune-picker.js"]
        css = {"all": ["css/commune-picker.css"]}
