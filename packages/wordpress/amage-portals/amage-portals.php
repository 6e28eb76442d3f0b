<?php
/**
 * Plugin Name:       AMAGE Portals
 * Description:       Places AMAGE Portals widgets on your pages: service and fault requests, job progress, supplier and subcontractor portals. As blocks or with the [amage] shortcode.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * Author:            AMAGE
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       amage-portals
 * Domain Path:       /languages
 *
 * @package AmagePortals
 */

namespace Amage\Portals;

defined( 'ABSPATH' ) || exit;

const VERSION = '0.1.0';
const PLUGIN_FILE = __FILE__;
const TEXT_DOMAIN = 'amage-portals';

require_once __DIR__ . '/includes/class-settings.php';
require_once __DIR__ . '/includes/class-widgets.php';
require_once __DIR__ . '/includes/class-renderer.php';
require_once __DIR__ . '/includes/class-blocks.php';
require_once __DIR__ . '/includes/class-shortcode.php';

add_action(
	'init',
	static function () {
		load_plugin_textdomain( TEXT_DOMAIN, false, dirname( plugin_basename( PLUGIN_FILE ) ) . '/languages' );
	},
	0
);

Settings::hook();
Renderer::hook();
Blocks::hook();
Shortcode::hook();
