//! HTTP tests of the invitee's side (W-5): the spaces list, the join link with profile setup,
//! accept and decline with the link token as proof (T-7), requesting access (M-4).

mod common;

use axum::http::StatusCode;
use common::{users::*, Client, Page};

/// The invitation link on the user's spaces page.
fn join_link(page: &Page) -> String {
    let at = page
        .body
        .find("class=\"open-invitation\" href=\"")
        .expect("an invitation link")
        + 30;
    page.body[at..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn w5_spaces_invitations_and_requests_side_by_side() {
    let mut carla = Client::new().await;
    carla.sign_in(CARLA).await;
    let page = carla.get("/spaces").await;
    page.status(StatusCode::OK);
    let spaces = &page.body[page.body.find("id=\"my-spaces\"").unwrap()
        ..page.body.find("id=\"my-invitations\"").unwrap()];
    assert!(
        spaces.contains("Closers Inc") && spaces.contains("Closer"),
        "{spaces}"
    );
    let requests = &page.body[page.body.find("id=\"my-requests\"").unwrap()..];
    assert!(
        requests.contains("Deal room") && requests.contains("waiting for an admin"),
        "{requests}"
    );
    let mut pia = Client::on(carla.app.clone());
    pia.sign_in(PIA).await;
    let page = pia.get("/spaces").await;
    let invitations = &page.body[page.body.find("id=\"my-invitations\"").unwrap()
        ..page.body.find("id=\"my-requests\"").unwrap()];
    assert!(
        invitations.contains("Deal room")
            && invitations.contains("as Editor")
            && invitations.contains("/join/"),
        "{invitations}"
    );
    // M-7: the removed member sees the space among the others, marked removed.
    let mut rob = Client::on(carla.app.clone());
    rob.sign_in(ROB).await;
    rob.get("/spaces")
        .await
        .shows("you were removed from this space");
}

#[tokio::test]
async fn w5_t7_join_link_profile_setup_and_accept() {
    let mut pia = Client::new().await;
    pia.sign_in(PIA).await;
    let link = join_link(&pia.get("/spaces").await);
    let page = pia.get(&link).await;
    page.status(StatusCode::OK)
        .shows("Join Deal room")
        .shows("as <strong>Editor</strong>")
        .shows("Olga invited")
        .lacks("id=\"other-address\"");
    let done = pia
        .post(&format!("{link}/accept"), &[("name", "Pia Paulsen")])
        .await;
    done.status(StatusCode::SEE_OTHER);
    let deals = pia.get("/w/deal-room/deals").await;
    deals.status(StatusCode::OK).shows("Pia Paulsen");
    // The link is used up.
    pia.get(&link)
        .await
        .status(StatusCode::NOT_FOUND)
        .shows("no longer pending");
    // Olga sees her as an accepted Editor.
    let mut olga = Client::on(pia.app.clone());
    olga.sign_in(OLGA).await;
    let members = olga.get("/w/deal-room/members").await;
    let row = &members.body[members
        .body
        .find("data-email=\"pia@deals.example\"")
        .unwrap()..];
    assert!(row[..row.find("</tr>").unwrap()].contains("Accepted"));
}

#[tokio::test]
async fn w5_t6_profile_name_is_checked_by_the_crate() {
    let mut pia = Client::new().await;
    pia.sign_in(PIA).await;
    let link = join_link(&pia.get("/spaces").await);
    pia.get(&link).await;
    let refused = pia.post(&format!("{link}/accept"), &[("name", "")]).await;
    refused.status(StatusCode::UNPROCESSABLE_ENTITY);
    refused.shows("name");
}

#[tokio::test]
async fn w5_m2_decline_with_the_link() {
    let mut pia = Client::new().await;
    pia.sign_in(PIA).await;
    let link = join_link(&pia.get("/spaces").await);
    pia.get(&link).await;
    pia.post(&format!("{link}/decline"), &[])
        .await
        .status(StatusCode::SEE_OTHER);
    let spaces = pia.get("/spaces").await;
    spaces.shows("No pending invitations.");
    let mut olga = Client::on(pia.app.clone());
    olga.sign_in(OLGA).await;
    olga.get("/w/deal-room/members")
        .await
        .lacks("pia@deals.example");
}

#[tokio::test]
async fn w5_t7_someone_else_cannot_accept_or_decline_with_a_link() {
    let mut pia = Client::new().await;
    pia.sign_in(PIA).await;
    let link = join_link(&pia.get("/spaces").await);
    // Vic opens Pia's link: the page says it is for another address.
    let mut vic = Client::on(pia.app.clone());
    vic.sign_in(VIC).await;
    vic.get(&link)
        .await
        .status(StatusCode::OK)
        .shows("id=\"other-address\"");
    // Accepting or declining with it is refused by the crate: Vic's address has no invitation.
    vic.post(&format!("{link}/accept"), &[("name", "Vic")])
        .await
        .status(StatusCode::UNPROCESSABLE_ENTITY);
    vic.post(&format!("{link}/decline"), &[])
        .await
        .status(StatusCode::UNPROCESSABLE_ENTITY);
    // Pia with a token of another invitation: the crate wants this invitation's proof (T-7).
    let mut olga = Client::on(pia.app.clone());
    olga.sign_in(OLGA).await;
    let page = olga.get("/w/deal-room/members").await;
    let editor = page.body[..page.body.find(">Editor</option>").unwrap()]
        .rsplit("value=\"")
        .next()
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let preview = olga
        .post(
            "/w/deal-room/invite/preview",
            &[("email1", "zed@deals.example"), ("role1", &editor)],
        )
        .await;
    let fields = preview.form_fields("/w/deal-room/invite");
    olga.post_fields("/w/deal-room/invite", &fields)
        .await
        .status(StatusCode::SEE_OTHER);
    let mut zed = Client::on(pia.app.clone());
    let signin = zed.get("/signin").await;
    let zed_id = signin.body[..signin.body.find("zed@deals.example").unwrap()]
        .rsplit("data-user=\"")
        .next()
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    zed.sign_in(zed_id.parse().unwrap()).await;
    let zed_link = join_link(&zed.get("/spaces").await);
    let refused = pia
        .post(&format!("{zed_link}/accept"), &[("name", "Pia")])
        .await;
    refused
        .status(StatusCode::UNPROCESSABLE_ENTITY)
        .shows("needs proof that it is yours");
    // An unknown token is not a link at all.
    pia.get("/join/0123456789abcdef0123456789abcdef")
        .await
        .status(StatusCode::NOT_FOUND)
        .shows("not valid");
}

#[tokio::test]
async fn w5_m4_request_access_then_already_requested() {
    let mut sam = Client::new().await;
    sam.sign_in(SAM).await;
    let page = sam.get("/w/deal-room/request-access").await;
    page.status(StatusCode::OK).shows("data-state=\"none\"");
    sam.post("/w/deal-room/request-access", &[("name", "Sam")])
        .await
        .status(StatusCode::SEE_OTHER);
    sam.get("/w/deal-room/request-access")
        .await
        .shows("data-state=\"requested\"")
        .shows("Already requested");
    // A second request is refused by the crate.
    sam.post("/w/deal-room/request-access", &[("name", "Sam")])
        .await
        .status(StatusCode::UNPROCESSABLE_ENTITY)
        .shows("already has a pending access request");
    // Admins see it (M-4).
    let mut ada = Client::on(sam.app.clone());
    ada.sign_in(ADA).await;
    ada.get("/w/deal-room/members")
        .await
        .shows("sam@closers.example");
}

#[tokio::test]
async fn w5_m4_invitee_is_told_to_accept_instead() {
    let mut pia = Client::new().await;
    pia.sign_in(PIA).await;
    pia.get("/w/deal-room/request-access")
        .await
        .shows("data-state=\"invited\"")
        .shows("accept it instead")
        .shows("/join/");
    pia.post("/w/deal-room/request-access", &[("name", "Pia")])
        .await
        .status(StatusCode::UNPROCESSABLE_ENTITY)
        .shows("has a pending invitation; accept it instead");
}

#[tokio::test]
async fn w5_member_asking_for_access_is_sent_in() {
    let mut olga = Client::new().await;
    olga.sign_in(OLGA).await;
    let page = olga.get("/w/deal-room/request-access").await;
    page.status(StatusCode::SEE_OTHER);
    assert_eq!(page.location.as_deref(), Some("/w/deal-room"));
}
