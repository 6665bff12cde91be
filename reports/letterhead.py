"""The letterhead of the reports: the site setting (reports.models.Letterhead) of the default site,
its first values from the QUICK_REPORT_* settings."""

from wagtail.models import Site

from reports.models import Letterhead


def letterhead():
    """A dict: superior and issuing bodies (upper case), number suffix, place, signer, recipients."""
    site = Site.objects.filter(is_default_site=True).first()
    head = Letterhead.for_site(site) if site else Letterhead()
    return {
        "superior_body": head.superior_body.upper(),
        "issuing_body": head.issuing_body.upper(),
        "issuing_body_name": head.issuing_body[:1].upper() + head.issuing_body[1:].lower(),
        "number_suffix": head.number_suffix,
        "place": head.place,
        "signer_authority": head.signer_authority.upper(),
        "signer_title": head.signer_title.upper(),
        "signer_name": head.signer_name,
        "recipients": [line.strip() for line in head.recipients.splitlines() if line.strip()],
    }
