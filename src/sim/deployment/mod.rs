//! The Deployment controller, mirroring `pkg/controller/deployment` file by file.

use super::controller::{Ctx, Requeue};

/// `DeploymentController.syncDeployment` (deployment_controller.go).
pub fn sync_deployment(_ctx: &mut Ctx<'_>, _name: &str) -> Requeue {
    None
}
