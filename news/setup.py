"""Editorial set-up, run by load_reference_data: the review workflow of official content."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, Page, Site, Workflow, WorkflowPage, WorkflowTask

from opinions import access

WORKFLOW_NAME = "Duyệt thông tin chính thống"
TASK_NAME = "Ban Tuyên giáo và Dân vận duyệt, xuất bản"


def setup_official_information():
    """Everything official content needs from reference data. Returns True when something changed."""
    changed = setup_editorial_workflow()
    return setup_site_address() or changed


DEVELOPMENT_HOSTS = {"localhost", "127.0.0.1", "::1"}


def setup_site_address():
    """Keep Wagtail's default site in step with SITE_URL, so the sitemap, feeds, canonical links and
    share previews carry addresses that work. Only a development address (Wagtail's "localhost:80",
    or the loopback address of an earlier `make run ADDR=…`) follows; an address that an
    administrator set is never overridden. Returns True when the record changed."""
    site = Site.objects.filter(is_default_site=True).first()
    parts = urlsplit(settings.SITE_URL)
    if site is None or not parts.hostname or site.hostname not in DEVELOPMENT_HOSTS:
        return False
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if (site.hostname, site.port) == (parts.hostname, port):
        return False
    site.hostname, site.port = parts.hostname, port
    site.save(update_fields=["hostname", "port"])
    return True


def setup_editorial_workflow():
    """Editors submit pages; the opinion office approves (publishes) or returns them. Idempotent.

    The workflow is assigned to the tree's root, so it covers every page of every site.
    Returns True when something was created or changed.
    """
    office = Group.objects.get(name=access.OFFICE_GROUP)
    root = Page.get_first_root_node()
    if root is None:
        return False
    changed = False
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
        changed = True
    if set(task.groups.all()) != {office}:
        task.groups.set([office])
        changed = True
    workflow, made = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    changed |= made
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
        changed = True
    # WorkflowTask rows directly: the workflow's child relation only saves with the workflow itself.
    _, made = WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    changed |= made
    assignment = WorkflowPage.objects.filter(page=root).first()
    if assignment is None or assignment.workflow_id != workflow.pk:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
        changed = True
    return changed
