from django.db import connection
from django.http import JsonResponse


def health(request):
    """Kiểm tra sức khỏe: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
