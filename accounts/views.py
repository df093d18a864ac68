from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from .models import Role


@login_required
def home(request):
    """Send each role to where its work starts."""
    if request.user.role in (Role.HELPER, Role.CASEMANAGER, Role.LEAD):
        return redirect("cases:list")
    return render(request, "accounts/home.html")
