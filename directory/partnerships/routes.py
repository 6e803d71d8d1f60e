"""/partnerships: the notices, posting one, sending a request, the inbox and its threads."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from directory.auth.mail import send
from directory.extensions import db
from directory.models import Organization, PartnershipNotice, PartnershipRequest, PartnershipStatus
from directory.partnerships import bp, mail, services
from directory.partnerships.forms import (
    PURPOSES,
    DecisionForm,
    NoticeForm,
    ReplyForm,
    ReportForm,
    RequestForm,
    WithdrawForm,
    default_until,
)
from directory.permissions import (
    active_membership,
    can_answer_partnership,
    can_read_partnership,
    can_request_partnership,
    can_seek_partners,
    deny,
    is_member,
    partner_organizations,
    requires,
    signed_in_user,
)
from directory.privacy import PUBLIC_LISTINGS
from directory.ratelimits import (
    PARTNERSHIP_REPLIES_PER_ACCOUNT,
    PARTNERSHIP_REQUESTS_PER_ACCOUNT,
    per_signed_in_account,
)
from directory.taxonomy import PROVINCES, SECTORS

PER_PAGE = 20


@bp.app_template_global()
def partnership_notices_for(organization: Organization) -> list[PartnershipNotice]:
    """The profile's "Seeking partners" section."""
    return list(services.notices_of(organization))


@bp.app_template_global()
def partnership_purpose(value: str) -> str:
    return str(PURPOSES.get(value, value))  # type: ignore[call-overload]


@bp.app_template_global()
def partnership_withdraw_form() -> WithdrawForm:
    return WithdrawForm(formdata=None)


@bp.route("/partnerships")
def index() -> ResponseReturnValue:
    sector = request.args.get("sector") or None
    province = request.args.get("province") or None
    if sector not in {None, *(slug for slug, _en, _fr in SECTORS)}:
        abort(400, description=_("Unknown sector."))
    if province not in {None, *(code for code, _en, _fr in PROVINCES)}:
        abort(400, description=_("Unknown province or territory."))
    page = request.args.get("page", 1, type=int)
    notices = db.paginate(
        services.open_notices(sector, province), page=page, per_page=PER_PAGE, error_out=False
    )
    return render_template(
        "partnerships/index.html",
        notices=notices,
        sector=sector,
        province=province,
        sectors=SECTORS,
        provinces=PROVINCES,
        page_args=lambda number: {"sector": sector, "province": province, "page": number},
    )


def _organization_choice(form: NoticeForm | RequestForm, organizations: list[Organization]) -> None:
    form.organization.choices = [(org.id, org.name) for org in organizations]
    if len(organizations) == 1 and form.organization.data is None:
        form.organization.data = organizations[0].id


@bp.route("/partnerships/notices/new", methods=["GET", "POST"])
@requires(is_member, can_seek_partners)
def new_notice() -> ResponseReturnValue:
    user = signed_in_user()
    organizations = partner_organizations(user)
    form = NoticeForm()
    _organization_choice(form, organizations)
    if request.method == "GET":
        form.until.data = default_until()
    if form.validate_on_submit():
        organization = next(org for org in organizations if org.id == form.organization.data)
        services.publish_notice(
            user,
            organization,
            sectors=form.sectors.data,
            purpose=form.purpose.data,
            details=form.details.data,
            province_code=form.province.data or None,
            place=form.place.data or None,
            radius_km=form.radius_km.data,
            until=form.until.data,
        )
        db.session.commit()
        flash(_("Your notice is published."), "info")
        return redirect(url_for("public.organization", slug=organization.slug))
    return render_template("partnerships/new_notice.html", form=form)


@bp.route("/partnerships/notices/<int:notice_id>/withdraw", methods=["POST"])
@requires(is_member)
def withdraw_notice(notice_id: int) -> ResponseReturnValue:
    notice = db.get_or_404(PartnershipNotice, notice_id)
    user = signed_in_user()
    if active_membership(user, notice.organization) is None:
        deny(user)
    if WithdrawForm().validate_on_submit() and not notice.withdrawn:
        services.withdraw_notice(user, notice)
        db.session.commit()
        flash(_("The notice is withdrawn."), "info")
    return redirect(url_for("public.organization", slug=notice.organization.slug))


@bp.route("/partnerships/request/<slug>", methods=["GET", "POST"])
@requires(is_member)
@per_signed_in_account(PARTNERSHIP_REQUESTS_PER_ACCOUNT)
def new_request(slug: str) -> ResponseReturnValue:
    recipient = db.one_or_404(
        db.select(Organization).where(Organization.slug == slug, PUBLIC_LISTINGS)
    )
    user = signed_in_user()
    if not can_request_partnership(user, recipient):
        deny(user)
    notice = _notice_of(recipient)
    organizations = [org for org in partner_organizations(user) if org.id != recipient.id]
    form = RequestForm()
    _organization_choice(form, organizations)
    if form.validate_on_submit():
        sender = next(org for org in organizations if org.id == form.organization.data)
        partnership = services.send_request(user, sender, recipient, form.body.data, notice)
        messages = mail.messages_for("requested", partnership, user, recipient)
        db.session.commit()
        for message in messages:
            send(message)
        flash(_("Your request is sent. Its members will answer here."), "info")
        return redirect(url_for("partnerships.thread", request_id=partnership.id))
    return render_template(
        "partnerships/new_request.html", form=form, recipient=recipient, notice=notice
    )


def _notice_of(recipient: Organization) -> PartnershipNotice | None:
    notice_id = request.args.get("notice", type=int)
    if notice_id is None:
        return None
    notice = db.session.get(PartnershipNotice, notice_id)
    if notice is None or notice.organization_id != recipient.id:
        abort(404)
    if not notice.is_open(services.today()):
        abort(404, description=_("This notice is closed. You can still send a request."))
    return notice


@bp.route("/partnerships/inbox")
@requires(is_member)
def inbox() -> ResponseReturnValue:
    user = signed_in_user()
    return render_template(
        "partnerships/inbox.html",
        requests=services.inbox(user),
        organizations=partner_organizations(user),
    )


def _readable(request_id: int) -> PartnershipRequest:
    """404 for a thread one is no party to: its very existence is private."""
    partnership = db.get_or_404(PartnershipRequest, request_id)
    if not can_read_partnership(signed_in_user(), partnership):
        abort(404)
    return partnership


@bp.route("/partnerships/inbox/<int:request_id>", methods=["GET", "POST"])
@requires(is_member)
@per_signed_in_account(PARTNERSHIP_REPLIES_PER_ACCOUNT)
def thread(request_id: int) -> ResponseReturnValue:
    partnership = _readable(request_id)
    user = signed_in_user()
    form = ReplyForm()
    if form.validate_on_submit():
        services.reply(user, partnership, form.body.data)
        messages = _mail_other_side("replied", partnership)
        db.session.commit()
        for message in messages:
            send(message)
        flash(_("Your reply is sent."), "info")
        return redirect(url_for("partnerships.thread", request_id=partnership.id))
    return render_template(
        "partnerships/thread.html",
        partnership=partnership,
        form=form,
        decision_form=DecisionForm(formdata=None),
        report_form=ReportForm(formdata=None),
    )


def _mail_other_side(event: str, partnership: PartnershipRequest) -> list:
    user = signed_in_user()
    mine = services.side_of(user, partnership)
    other = (
        partnership.from_organization
        if mine.id == partnership.to_organization_id
        else partnership.to_organization
    )
    return mail.messages_for(event, partnership, user, other)


@bp.route("/partnerships/inbox/<int:request_id>/decision", methods=["POST"])
@requires(is_member)
def decide(request_id: int) -> ResponseReturnValue:
    partnership = _readable(request_id)
    user = signed_in_user()
    if not can_answer_partnership(user, partnership):
        deny(user)
    form = DecisionForm()
    if form.validate_on_submit() and (form.accept.data or form.decline.data):
        status = PartnershipStatus.ACCEPTED if form.accept.data else PartnershipStatus.DECLINED
        try:
            services.decide(user, partnership, status)
        except services.NotAllowed:
            flash(_("This request was already answered."), "info")
            return redirect(url_for("partnerships.thread", request_id=partnership.id))
        messages = mail.messages_for(status.value, partnership, user, partnership.from_organization)
        db.session.commit()
        for message in messages:
            send(message)
        flash(_("Your answer is recorded; they were told by email."), "info")
    return redirect(url_for("partnerships.thread", request_id=partnership.id))


@bp.route("/partnerships/inbox/<int:request_id>/report", methods=["POST"])
@requires(is_member)
def report(request_id: int) -> ResponseReturnValue:
    partnership = _readable(request_id)
    user = signed_in_user()
    if not can_answer_partnership(user, partnership):
        deny(user)
    form = ReportForm()
    if not form.validate_on_submit():
        flash(_("Tell the moderators what is wrong."), "error")
    else:
        try:
            services.report(user, partnership, form.reason.data)
            db.session.commit()
            flash(_("Thank you. Moderators will look at this request."), "info")
        except services.NotAllowed:
            flash(_("This request is already waiting for a moderator."), "info")
    return redirect(url_for("partnerships.thread", request_id=partnership.id))
