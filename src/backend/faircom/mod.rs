//! FairCom JSON Action ADMIN API: every call is `POST {base}/api` with a JSON envelope; a session
//! token is created once and reused. (Client under construction.)
