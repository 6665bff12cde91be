"""Back-office forms of the project as a whole (the login form's Vietnamese labels)."""

from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    """Wagtail's login form leaves the password field without a label ("Password" from its name)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"
        self.fields["password"].widget.attrs["placeholder"] = "Nhập mật khẩu"
        self.fields["username"].widget.attrs["placeholder"] = "Nhập tên đăng nhập"
        self.fields["remember"].label = "Ghi nhớ đăng nhập"
