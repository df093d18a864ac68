from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from .models import Role


@login_required
def home(request):
    """Send each role to where its work starts."""
    if request.user.role == Role.HELPER:
        return redirect("cases:list")
    if request.user.role in (Role.CASEMANAGER, Role.LEAD):
        return redirect("casework:workload")
    if request.user.role == Role.LIAISON:
        return redirect("escalation:inbox")
    if request.user.role == Role.ANALYST:
        return redirect("reports:analyst_home")
    return render(request, "accounts/home.html")
