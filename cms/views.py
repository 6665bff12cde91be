from django.db import connection
from django.http import Http404, JsonResponse


def health(request):
    """Kiểm tra sức khỏe: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def not_found(request, *args, **kwargs):
    """A path that exists on disk but is never served directly (citizens' attachments)."""
    raise Http404
