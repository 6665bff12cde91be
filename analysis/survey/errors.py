"""The one error of the survey statistics: a specification that cannot be estimated."""


class SpecError(ValueError):
    """Lỗi đặc tả: a bad specification, data column or design; the message is Vietnamese, for the user."""
