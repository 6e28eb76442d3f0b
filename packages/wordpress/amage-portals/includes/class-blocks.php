<?php
/**
 * One dynamic block per widget, in the "AMAGE Portals" category of the inserter.
 *
 * @package AmagePortals
 */

namespace Amage\Portals;

defined( 'ABSPATH' ) || exit;

/**
 * Registers `amage/<widget>` from each block.json (rendered on the server by Renderer), the shared
 * editor script (sidebar settings and a placeholder; no build step) and its translations.
 */
final class Blocks {
	const CATEGORY      = 'amage-portals';
	const EDITOR_SCRIPT = 'amage-portals-editor';

	/**
	 * Registers the hooks.
	 */
	public static function hook() {
		add_action( 'init', array( __CLASS__, 'register' ) );
		add_filter( 'block_categories_all', array( __CLASS__, 'category' ) );
		add_action( 'enqueue_block_editor_assets', array( __CLASS__, 'editor_data' ) );
	}

	/**
	 * Registers the editor script and the blocks. Only people who may edit pages find the blocks in
	 * the inserter (a block already in a post still renders, escaped like any other).
	 */
	public static function register() {
		wp_register_script(
			self::EDITOR_SCRIPT,
			plugins_url( 'assets/editor.js', PLUGIN_FILE ),
			array( 'wp-blocks', 'wp-block-editor', 'wp-components', 'wp-element', 'wp-i18n' ),
			VERSION,
			false
		);
		wp_set_script_translations( self::EDITOR_SCRIPT, TEXT_DOMAIN, dirname( PLUGIN_FILE ) . '/languages' );

		$may_place = current_user_can( 'edit_pages' );
		foreach ( Widgets::all() as $name => $widget ) {
			register_block_type(
				$widget['dir'],
				array(
					'supports'        => array_merge( $widget['supports'], array( 'inserter' => $may_place ) ),
					'render_callback' => static function ( $attributes ) use ( $name ) {
						return Renderer::block( $name, is_array( $attributes ) ? $attributes : array() );
					},
				)
			);
		}
	}

	/**
	 * Adds "AMAGE Portals" to the inserter's categories.
	 *
	 * @param array[] $categories Block categories.
	 * @return array[]
	 */
	public static function category( $categories ) {
		$categories[] = array(
			'slug'  => self::CATEGORY,
			'title' => __( 'AMAGE Portals', 'amage-portals' ),
			'icon'  => null,
		);
		return $categories;
	}

	/**
	 * What the editor script needs to know about the site (no secrets: the editor's own user sees it).
	 */
	public static function editor_data() {
		$data = array(
			'blocks'           => array_values( wp_list_pluck( Widgets::all(), 'block' ) ),
			'serverConfigured' => '' !== Settings::server_url(),
			'settingsUrl'      => current_user_can( 'manage_options' ) ? Settings::page_url() : '',
			'siteOrigin'       => Settings::site_origin(),
			'defaultLanguage'  => Settings::default_language(),
		);
		wp_add_inline_script( self::EDITOR_SCRIPT, 'window.amagePortalsEditor = ' . wp_json_encode( $data ) . ';', 'before' );
	}
}
